/* global window, document */
/*
 * The network map on /app/map. Reads its settings from #network-map's data attributes,
 * loads GeoJSON from the API (same-origin session) and draws one switchable layer per kind:
 * customers (coloured by status), installations, LCPs with their coverage circle, splitters
 * (at their LCP) and NAP boxes. Markers are vector shapes and divs, so they show whether or
 * not the tile server answers; when tiles fail a notice says the background is unavailable.
 * Every text from the data is escaped before it reaches a popup.
 */
(function () {
  'use strict';

  var el = document.getElementById('network-map');
  var statusEl = document.getElementById('map-status');
  var tileNotice = document.getElementById('map-tile-notice');
  if (!el) return;
  function say(text) {
    if (statusEl) statusEl.textContent = text;
  }
  if (!window.L) {
    say('The map could not start (its script did not load).');
    return;
  }
  var L = window.L;

  var LAYER_NAMES = { customers: 'Customers', installations: 'Installations', lcps: 'LCPs', splitters: 'Splitters', naps: 'NAP boxes' };
  var COUNT_NAMES = { customers: 'customers', installations: 'installations', lcps: 'LCPs', splitters: 'splitters', naps: 'NAP boxes' };
  var STATUS_COLOURS = { lead: '#6b7280', active: '#16a34a', suspended: '#f59e0b', disconnected: '#dc2626', terminated: '#1f2937', scheduled: '#2563eb' };
  var FOCUS_LAYERS = { customer: 'customers', installation: 'installations', lcp: 'lcps', splitter: 'splitters', nap: 'naps' };
  var DEFAULT_VIEW = { center: [15, 20], zoom: 2 };

  function esc(text) {
    return String(text === null || text === undefined ? '' : text).replace(/[&<>"']/g, function (c) {
      return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c];
    });
  }
  function link(href, text) {
    return '<a href="' + esc(href) + '">' + esc(text) + '</a>';
  }
  function ports(label, p) {
    if (!p) return '';
    var extra = p.outOfService ? ', ' + p.outOfService + ' out of service' : '';
    return '<div class="map-ports">' + esc(label) + ': <strong>' + p.free + '</strong> of ' + p.total + ' free' + esc(extra) + '</div>';
  }
  function inactive(props) {
    return props.active === false ? '<div class="map-inactive">Inactive</div>' : '';
  }

  var map = L.map(el, { worldCopyJump: true });
  map.setView(DEFAULT_VIEW.center, DEFAULT_VIEW.zoom);

  // The tile server is the tenant's choice and often unreachable in the field or offline:
  // the notice shows only while no tile has loaded at all.
  var tilesLoaded = 0;
  var tiles = L.tileLayer(el.dataset.tileUrl || '', { maxZoom: 19, attribution: esc(el.dataset.attribution) });
  tiles.on('tileerror', function () {
    if (tilesLoaded === 0 && tileNotice) tileNotice.hidden = false;
  });
  tiles.on('tileload', function () {
    tilesLoaded += 1;
    if (tileNotice) tileNotice.hidden = true;
  });
  tiles.addTo(map);

  var allowed = (el.dataset.layers || '').split(',').filter(Boolean);
  var groups = {};
  var overlays = {};
  allowed.forEach(function (name) {
    groups[name] = L.featureGroup().addTo(map);
    overlays[LAYER_NAMES[name] || name] = groups[name];
  });
  var narrow = window.matchMedia && window.matchMedia('(max-width: 640px)').matches;
  L.control.layers(null, overlays, { collapsed: narrow }).addTo(map);
  if (groups.customers) addLegend();

  /** Markers by "layer:id", for ?focus=. */
  var markers = {};

  function addLegend() {
    var legend = L.control({ position: 'bottomleft' });
    legend.onAdd = function () {
      var div = L.DomUtil.create('div', 'map-legend');
      div.innerHTML = ['lead', 'active', 'suspended', 'disconnected', 'terminated']
        .map(function (s) {
          return '<span><i style="background:' + STATUS_COLOURS[s] + '"></i>' + s + '</span>';
        })
        .join('');
      return div;
    };
    legend.addTo(map);
  }

  function divIcon(kind, props, anchor) {
    var size = kind === 'splitter' ? 14 : 20;
    return L.divIcon({
      className: 'map-icon map-' + kind + (props.active === false ? ' map-icon-inactive' : ''),
      html: '',
      iconSize: [size, size],
      iconAnchor: anchor || [size / 2, size / 2],
      popupAnchor: [0, -size / 2],
    });
  }

  var draw = {
    customers: function (f, latlng) {
      var p = f.properties;
      return L.circleMarker(latlng, {
        radius: 7,
        color: '#ffffff',
        weight: 1.5,
        fillColor: STATUS_COLOURS[p.status] || '#6b7280',
        fillOpacity: 0.95,
        className: 'map-customer map-status-' + p.status,
      }).bindPopup(
        '<strong>' + link('/app/customers/' + f.id, p.name) + '</strong>' +
          '<div>' + esc(p.accountNumber) + ' · ' + esc(p.status) + '</div>' +
          (p.serviceAddress ? '<div class="muted">' + esc(p.serviceAddress) + '</div>' : ''),
      );
    },
    installations: function (f, latlng) {
      var p = f.properties;
      var port = p.napCode ? '<div>NAP ' + esc(p.napCode) + (p.portNumber ? ', port ' + esc(p.portNumber) : '') + '</div>' : '<div class="muted">No NAP port</div>';
      return L.circleMarker(latlng, {
        radius: 4,
        color: STATUS_COLOURS[p.status] || '#2563eb',
        weight: 2,
        fillColor: '#ffffff',
        fillOpacity: 1,
        dashArray: p.status === 'scheduled' ? '2 2' : null,
        className: 'map-installation',
      }).bindPopup(
        '<strong>' + link('/app/installations/' + f.id, 'Installation') + '</strong> · ' + esc(p.status) +
          '<div>' + link('/app/customers/' + p.customerId, p.customerName) + ' (' + esc(p.accountNumber) + ')</div>' + port,
      );
    },
    lcps: function (f, latlng) {
      var p = f.properties;
      if (p.coverageRadiusM) {
        L.circle(latlng, { radius: p.coverageRadiusM, className: 'map-coverage', color: '#7c3aed', weight: 1, fillOpacity: 0.06, interactive: false }).addTo(groups.lcps);
      }
      var splitters = (p.splitters || [])
        .map(function (s) {
          return '<li>' + esc(s.code) + ' (1:' + esc(s.ratio) + ')' + (s.active ? '' : ' · inactive') + '</li>';
        })
        .join('');
      return L.marker(latlng, { icon: divIcon('lcp', p), title: 'LCP ' + p.code, riseOnHover: true }).bindPopup(
        '<strong>' + link('/app/network/lcps/' + f.id, 'LCP ' + p.code) + '</strong> ' + esc(p.name) + inactive(p) +
          ports('Feeder ports', p.feederPorts) + ports('Drop ports below', p.dropPorts) +
          (p.coverageRadiusM ? '<div class="muted">Covers ' + esc(p.coverageRadiusM) + ' m around</div>' : '') +
          (splitters ? '<div>Splitters here:</div><ul class="map-list">' + splitters + '</ul>' : '<div class="muted">No splitters yet</div>'),
      );
    },
    splitters: function (f, latlng, index) {
      var p = f.properties;
      // Splitters stand at their LCP: fan them out around it so each can be clicked.
      var angle = (index.n > 1 ? index.k / index.n : 0) * 2 * Math.PI - Math.PI / 2;
      var anchor = [7 - Math.round(22 * Math.cos(angle)), 7 - Math.round(22 * Math.sin(angle))];
      return L.marker(latlng, { icon: divIcon('splitter', p, anchor), title: 'Splitter ' + p.code }).bindPopup(
        '<strong>Splitter ' + esc(p.code) + '</strong> (1:' + esc(p.ratio) + ')' + inactive(p) +
          '<div>At ' + link('/app/network/lcps/' + p.lcpId, 'LCP ' + p.lcpCode) + '</div>' +
          ports('Outputs', p.outputs) + ports('Drop ports below', p.dropPorts),
      );
    },
    naps: function (f, latlng) {
      var p = f.properties;
      return L.marker(latlng, { icon: divIcon('nap', p), title: 'NAP ' + p.code, riseOnHover: true }).bindPopup(
        '<strong>' + link('/app/network/naps/' + f.id, 'NAP ' + p.code) + '</strong> ' + esc(p.name) + inactive(p) +
          ports('Ports', p.dropPorts) +
          '<div class="muted">' + link('/app/network/lcps/' + p.lcpId, 'LCP ' + p.lcpCode) + ' · splitter ' + esc(p.splitterCode) + '</div>',
      );
    },
  };

  function render(collection) {
    Object.keys(groups).forEach(function (name) {
      groups[name].clearLayers();
    });
    markers = {};
    // Splitters of one LCP share its point: number them per LCP for the fan-out.
    var perLcp = {};
    collection.features.forEach(function (f) {
      if (f.properties.layer === 'splitters') perLcp[f.properties.lcpId] = (perLcp[f.properties.lcpId] || 0) + 1;
    });
    var seen = {};
    collection.features.forEach(function (f) {
      var layer = f.properties.layer;
      if (!groups[layer] || !draw[layer]) return;
      var latlng = L.latLng(f.geometry.coordinates[1], f.geometry.coordinates[0]);
      var index = { k: 0, n: 1 };
      if (layer === 'splitters') {
        var key = f.properties.lcpId;
        index = { k: seen[key] || 0, n: perLcp[key] };
        seen[key] = index.k + 1;
      }
      var marker = draw[layer](f, latlng, index);
      marker.addTo(groups[layer]);
      markers[layer + ':' + f.id] = marker;
    });
  }

  function summary(collection) {
    var counts = {};
    collection.features.forEach(function (f) {
      counts[f.properties.layer] = (counts[f.properties.layer] || 0) + 1;
    });
    var parts = collection.layers.map(function (l) {
      return (counts[l] || 0) + ' ' + (COUNT_NAMES[l] || l);
    });
    var text = 'On the map: ' + parts.join(', ') + '.';
    if (collection.truncated.length > 0) {
      text += ' Only the first ' + collection.limit + ' ' + collection.truncated.join(' and ') + ' are shown: zoom in to load what is in view.';
    }
    if (collection.features.length === 0) text = 'Nothing on the map yet: give customers, LCPs and NAP boxes a location and they appear here.';
    return text;
  }

  function url(bbox) {
    var q = '?layers=' + encodeURIComponent(allowed.join(','));
    if (bbox) q += '&bbox=' + encodeURIComponent(bbox);
    return el.dataset.featuresUrl + q;
  }

  function load(bbox) {
    return fetch(url(bbox), { credentials: 'same-origin', headers: { accept: 'application/json' } }).then(function (res) {
      if (!res.ok) throw new Error('HTTP ' + res.status);
      return res.json();
    });
  }

  function focusOn(focus) {
    var parts = focus.split(':');
    var layer = FOCUS_LAYERS[parts[0]];
    var marker = layer && markers[layer + ':' + parts[1]];
    if (!marker) {
      say('That ' + parts[0] + ' has no location on the map yet.');
      return;
    }
    if (!map.hasLayer(groups[layer])) groups[layer].addTo(map);
    map.setView(marker.getLatLng(), Math.max(map.getZoom(), 17));
    marker.openPopup();
  }

  var cut = false;
  load(null)
    .then(function (collection) {
      render(collection);
      say(summary(collection));
      var bounds = L.latLngBounds([]);
      Object.keys(groups).forEach(function (name) {
        var b = groups[name].getBounds();
        if (b.isValid()) bounds.extend(b);
      });
      if (bounds.isValid()) map.fitBounds(bounds, { padding: [24, 24], maxZoom: 17 });
      if (el.dataset.focus) focusOn(el.dataset.focus);
      el.dataset.loaded = 'true';
      cut = collection.truncated.length > 0;
    })
    .catch(function (err) {
      say('The map data could not load (' + err.message + '). Reload the page to try again.');
    });

  // With more features than one answer holds, follow the view: load what is inside it.
  var pending = null;
  map.on('moveend', function () {
    if (!cut) return;
    clearTimeout(pending);
    pending = setTimeout(function () {
      var b = map.getBounds();
      var bbox = [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()]
        .map(function (v, i) {
          var limit = i % 2 === 0 ? 180 : 90;
          return Math.max(-limit, Math.min(limit, v)).toFixed(5);
        })
        .join(',');
      load(bbox)
        .then(function (collection) {
          render(collection);
          say(summary(collection));
        })
        .catch(function (err) {
          say('The map data could not load (' + err.message + ').');
        });
    }, 300);
  });
})();
