/**
 * GET /app/network/picker: the htmx fragment behind PortPicker. It re-renders the whole
 * picker body from the current choices (pickerLcpId, pickerSplitterId, pickerNapId and the
 * chosen napPortId), dropping any choice that no longer fits the one above it.
 */
import type { FastifyInstance } from 'fastify';
import { staffPage } from '../../http/authenticate.ts';
import { inTenant } from '../../http/app-context.ts';
import { renderFragment } from '../../http/render.tsx';
import { loadPickerState } from './port-picker-data.ts';
import { PICKER_PATH, PortPickerBody } from './port-picker-view.tsx';
import { firstText as text } from '../../http/form-values.ts';

interface PickerQuery {
  pickerLcpId?: string;
  pickerSplitterId?: string;
  pickerNapId?: string;
  napPortId?: string;
}


export async function pickerPages(app: FastifyInstance): Promise<void> {
  // Any signed-in staff may ask; loadPickerState demands customers.read or network.read.
  app.get<{ Querystring: PickerQuery }>(PICKER_PATH, { schema: { hide: true }, onRequest: staffPage() }, async (request, reply) => {
    const q = request.query;
    const state = await inTenant(request, (ctx) =>
      loadPickerState(ctx, { lcpId: text(q.pickerLcpId), splitterId: text(q.pickerSplitterId), napId: text(q.pickerNapId), napPortId: text(q.napPortId) }),
    );
    return renderFragment(reply.header('cache-control', 'no-store'), <PortPickerBody state={state} />);
  });
}
