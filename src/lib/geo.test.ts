import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseLatLng } from './geo.ts';
import { Problems } from './validate.ts';

test('a location is both coordinates or neither, in range', () => {
  const ok = new Problems();
  assert.deepEqual(parseLatLng(ok, { latitude: '14.5995', longitude: '120.9842' }), { latitude: 14.5995, longitude: 120.9842 });
  assert.equal(parseLatLng(ok, { latitude: '', longitude: '' }), null);
  assert.equal(parseLatLng(ok, {}), null);
  assert.equal(ok.list.length, 0);

  const half = new Problems();
  parseLatLng(half, { latitude: '14.5', longitude: '' });
  assert.deepEqual(half.list.map((p) => [p.field, p.rule]), [['longitude', 'required']]);

  const bad = new Problems();
  parseLatLng(bad, { latitude: '91', longitude: 'east' });
  assert.deepEqual(bad.list.map((p) => p.field), ['latitude', 'longitude']);
});
