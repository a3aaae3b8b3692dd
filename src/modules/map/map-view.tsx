/**
 * /app/map: a Leaflet map filled by /assets/network-map.js from GET /api/v1/map/features.
 * Settings travel in data attributes (escaped like any attribute), so no inline script and
 * no JSON in the HTML. Without JavaScript the page points to the lists instead.
 */
import type { StaffPrincipal } from '../../http/principal.ts';
import { AppPage } from '../../views/layout.tsx';
import type { MapConfig } from './get-map-config.ts';

export function NetworkMapPage(props: { principal: StaffPrincipal; config: MapConfig; focus?: string | undefined }) {
  const { config } = props;
  return (
    <AppPage title="Network map" principal={props.principal} active="/app/map">
      <link rel="stylesheet" href="/assets/leaflet.css" />
      <p id="map-status" class="muted" role="status" aria-live="polite">
        Loading the map…
      </p>
      <p id="map-tile-notice" class="map-notice" role="status" hidden>
        The background map is unavailable (its tiles could not load). Markers are still shown.
      </p>
      <div
        id="network-map"
        class="network-map"
        data-features-url="/api/v1/map/features"
        data-layers={config.layers.join(',')}
        data-tile-url={config.tileUrl}
        data-attribution={config.attribution}
        data-focus={props.focus}
      ></div>
      <noscript>
        <p class="alert">
          The map needs JavaScript. The same places are listed under <a href="/app/network">Network</a>
          {config.layers.includes('customers') ? (
            <>
              {' '}
              and <a href="/app/customers">Customers</a>
            </>
          ) : null}
          .
        </p>
      </noscript>
      <script src="/assets/leaflet.js" defer></script>
      <script src="/assets/network-map.js" defer></script>
    </AppPage>
  );
}
