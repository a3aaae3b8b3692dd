/* global window, document */
/*
 * Turns every `fieldset[data-location-picker]` (src/views/location-fields.tsx) into a small
 * map: a tap or click places a draggable pin and fills the latitude and longitude inputs
 * (6 decimals, about 10 cm), typing coordinates moves the pin, and "Use my location" asks the
 * device when it can. The inputs stay the source of truth, so the form works the same
 * without JavaScript, and the pin works without tiles.
 *
 * Loaded by each picker's own <script> tag: the first run loads Leaflet once and enhances
 * every picker on the page; later runs (a second picker, an htmx swap) only look for new ones.
 */
(function () {
  'use strict';

  if (window.LastmileLocationPicker) {
    window.LastmileLocationPicker.scan();
    return;
  }

  var DEFAULT_VIEW = { center: [15, 20], zoom: 2 };
  var PIN_ZOOM = 17;
  var callbacks = [];

  /**
   * Leaflet once per page, however many pickers ask for it. A page may carry its own
   * (deferred) leaflet.js tag: then wait for that one instead of loading a second copy.
   */
  function withLeaflet(fn) {
    if (window.L) return fn(window.L);
    callbacks.push(fn);
    if (callbacks.length > 1) return;
    var script = document.querySelector('script[src="/assets/leaflet.js"]');
    if (!script) {
      script = document.createElement('script');
      script.src = '/assets/leaflet.js';
      document.head.appendChild(script);
    }
    script.addEventListener('load', function () {
      callbacks.splice(0).forEach(function (cb) {
        cb(window.L);
      });
    });
  }

  function esc(text) {
    return String(text || '').replace(/[&<>"']/g, function (c) {
      return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c];
    });
  }

  function readCoordinate(input, limit) {
    var text = input.value.trim();
    if (!/^-?\d{1,3}(\.\d+)?$/.test(text)) return null;
    var value = Number(text);
    return Math.abs(value) <= limit ? value : null;
  }

  function enhance(L, fieldset) {
    var lat = fieldset.querySelector('input[name="latitude"]');
    var lng = fieldset.querySelector('input[name="longitude"]');
    var box = fieldset.querySelector('[data-location-map]');
    if (!lat || !lng || !box) return;
    var accuracy = fieldset.querySelector('select[name="locationAccuracy"]');
    box.hidden = false;

    var notice = document.createElement('small');
    notice.className = 'map-notice';
    notice.hidden = true;
    notice.textContent = 'The background map is unavailable; the pin and coordinates still work.';
    box.insertAdjacentElement('afterend', notice);

    var map = L.map(box, { worldCopyJump: true });
    var tilesLoaded = 0;
    var tiles = L.tileLayer(fieldset.dataset.tileUrl || '', { maxZoom: 19, attribution: esc(fieldset.dataset.attribution) });
    tiles.on('tileerror', function () {
      if (tilesLoaded === 0) notice.hidden = false;
    });
    tiles.on('tileload', function () {
      tilesLoaded += 1;
      notice.hidden = true;
    });
    tiles.addTo(map);

    var pin = null;
    function setAccuracy(value) {
      // Only fills an empty choice: what the user picked wins.
      if (accuracy && accuracy.value === '') accuracy.value = value;
    }
    function fill(latlng) {
      var wrapped = latlng.wrap();
      lat.value = wrapped.lat.toFixed(6);
      lng.value = wrapped.lng.toFixed(6);
      [lat, lng].forEach(function (input) {
        input.dispatchEvent(new Event('change', { bubbles: true }));
      });
    }
    function place(latlng) {
      if (pin) {
        pin.setLatLng(latlng);
        return;
      }
      pin = L.marker(latlng, { draggable: true, autoPan: true, title: 'Location pin', keyboard: true }).addTo(map);
      pin.on('dragend', function () {
        fill(pin.getLatLng());
        setAccuracy('manual');
      });
    }
    function fromInputs() {
      var a = readCoordinate(lat, 90);
      var b = readCoordinate(lng, 180);
      return a === null || b === null ? null : L.latLng(a, b);
    }

    var start = fromInputs();
    if (start) {
      map.setView(start, PIN_ZOOM);
      place(start);
    } else {
      map.setView(DEFAULT_VIEW.center, DEFAULT_VIEW.zoom);
      showNetwork(L, map, function () {
        return pin === null;
      });
    }

    map.on('click', function (e) {
      place(e.latlng);
      fill(e.latlng);
      setAccuracy('manual');
    });
    [lat, lng].forEach(function (input) {
      input.addEventListener('input', function () {
        var typed = fromInputs();
        if (!typed) return;
        place(typed);
        map.panTo(typed);
      });
    });

    if (navigator.geolocation) {
      var button = document.createElement('button');
      button.type = 'button';
      button.className = 'secondary location-me';
      button.textContent = 'Use my location';
      button.addEventListener('click', function () {
        button.disabled = true;
        button.textContent = 'Finding you…';
        navigator.geolocation.getCurrentPosition(
          function (position) {
            var here = L.latLng(position.coords.latitude, position.coords.longitude);
            place(here);
            fill(here);
            map.setView(here, PIN_ZOOM);
            setAccuracy('exact');
            button.disabled = false;
            button.textContent = 'Use my location';
          },
          function (err) {
            button.disabled = false;
            button.textContent = 'Use my location';
            notice.hidden = false;
            notice.textContent = 'Your location is not available (' + err.message + '). Tap the map or type the coordinates.';
          },
          { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 },
        );
      });
      notice.insertAdjacentElement('afterend', button);
    }
    fieldset.dataset.locationPickerReady = 'true';
  }

  /**
   * With no location yet, start over the ISP's own plant rather than the whole world, when
   * the user may see it (network.read); otherwise stay on the world view.
   */
  function showNetwork(L, map, untouched) {
    fetch('/api/v1/map/features?layers=lcps,naps', { credentials: 'same-origin', headers: { accept: 'application/json' } })
      .then(function (res) {
        return res.ok ? res.json() : null;
      })
      .then(function (collection) {
        if (!collection || collection.features.length === 0) return;
        var bounds = L.latLngBounds(
          collection.features.map(function (f) {
            return [f.geometry.coordinates[1], f.geometry.coordinates[0]];
          }),
        );
        // Only if the user has not started placing the pin meanwhile.
        if (untouched()) map.fitBounds(bounds, { padding: [16, 16], maxZoom: 15 });
      })
      .catch(function () {
        /* The world view stays. */
      });
  }

  function scan() {
    var pending = document.querySelectorAll('fieldset[data-location-picker]:not([data-location-picker-ready]):not([data-location-picker-busy])');
    if (pending.length === 0) return;
    Array.prototype.forEach.call(pending, function (fieldset) {
      fieldset.dataset.locationPickerBusy = '';
    });
    withLeaflet(function (L) {
      Array.prototype.forEach.call(pending, function (fieldset) {
        enhance(L, fieldset);
      });
    });
  }

  window.LastmileLocationPicker = { scan: scan };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', scan);
  else scan();
  // Forms swapped in by htmx bring their pickers along.
  document.addEventListener('htmx:load', scan);
})();
