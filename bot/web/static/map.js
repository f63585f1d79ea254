// The service map page. The server sends everything already computed (open now, hours, labels, datum
// conversion, distances), so this script only draws it, filters it and asks for the browser's position.
(function () {
  "use strict";

  const config = JSON.parse(document.getElementById("config").textContent);
  const strings = config.strings;
  const REFRESH_MS = 5 * 60 * 1000; // open-now changes with the clock
  const SERVICES = ["water", "charging", "rest", "toilet", "microwave", "first_aid", "books", "policy_desk", "cooling"];

  // A catalogue message; "{name}" placeholders are filled from args.
  function t(key, args) {
    let text = strings[key] || key;
    for (const [name, value] of Object.entries(args || {})) {
      text = text.split("{" + name + "}").join(String(value));
    }
    return text;
  }

  // Each service label starts with its icon; the list shows the icons alone.
  function serviceIcon(service) {
    return t("web-service-" + service).split(" ")[0];
  }

  function element(tag, attributes, children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes || {})) {
      if (name === "text") node.textContent = value;
      else if (name === "className") node.className = value;
      else node.setAttribute(name, value);
    }
    for (const child of children || []) node.append(child);
    return node;
  }

  const state = { service: null, openOnly: false, features: [], selected: null, position: null };
  const markers = new Map();

  // --- static texts and filters -------------------------------------------------------------------------

  document.getElementById("heading").textContent = t("web-page-heading");
  document.getElementById("subtitle").textContent = t("web-page-subtitle");
  document.getElementById("legend-open").textContent = t("web-legend-open");
  document.getElementById("legend-closed").textContent = t("web-legend-closed");
  document.getElementById("empty").textContent = t("web-none-match");
  document.getElementById("failed").textContent = t("web-load-failed");
  document.getElementById("panel-close").setAttribute("aria-label", t("web-close"));
  document.getElementById("panel-close").title = t("web-close");
  document.getElementById("list").setAttribute("aria-label", t("web-list-heading"));

  const filters = document.getElementById("filters");
  const chips = [];
  function addChip(label, service) {
    const chip = element("button", { type: "button", className: "chip", "data-service": service || "all", text: label });
    chip.addEventListener("click", function () {
      state.service = service;
      render();
    });
    chips.push([chip, service]);
    filters.append(chip);
  }
  addChip(t("web-filter-all"), null);
  SERVICES.forEach(function (service) { addChip(t("web-service-" + service), service); });
  const openToggle = element("button", { type: "button", className: "chip toggle", "data-filter": "open", text: t("web-filter-open-only") });
  openToggle.addEventListener("click", function () {
    state.openOnly = !state.openOnly;
    render();
  });
  filters.append(openToggle);

  // --- the map ------------------------------------------------------------------------------------------

  const map = L.map("map", { zoomControl: true }).setView([30.27, 120.16], 11);
  map.attributionControl.setPrefix('<a href="https://leafletjs.com">Leaflet</a>');
  if (config.tiles) {
    const options = { attribution: config.tiles.attribution, maxZoom: config.tiles.maxZoom };
    if (config.tiles.subdomains) options.subdomains = config.tiles.subdomains;
    L.tileLayer(config.tiles.url, options).addTo(map);
  } else {
    document.getElementById("map").classList.add("no-tiles");
  }
  const stationLayer = L.layerGroup().addTo(map);
  let youMarker = null;
  let fitted = false;

  function latLng(geometry) {
    return [geometry.coordinates[1], geometry.coordinates[0]];
  }

  function markerIcon(feature, selected) {
    const classes = ["station-marker", feature.properties.open ? "is-open" : "is-closed"];
    if (selected) classes.push("is-selected");
    return L.divIcon({ className: classes.join(" "), html: "<span></span>", iconSize: [28, 28], iconAnchor: [14, 14] });
  }

  function buildMarkers() {
    stationLayer.clearLayers();
    markers.clear();
    for (const feature of state.features) {
      const marker = L.marker(latLng(feature.geometry), {
        icon: markerIcon(feature, feature.id === state.selected),
        title: feature.properties.name,
        alt: feature.properties.name,
        riseOnHover: true,
      });
      marker.on("click", function () { select(feature.id, false); });
      markers.set(feature.id, marker);
    }
    if (!fitted && state.features.length) {
      map.fitBounds(L.latLngBounds(state.features.map(function (f) { return latLng(f.geometry); })), { padding: [24, 24] });
      fitted = true;
    }
  }

  // --- filtering and the list ---------------------------------------------------------------------------

  function visible(feature) {
    const p = feature.properties;
    return (state.service === null || p.services.includes(state.service)) && (!state.openOnly || p.open);
  }

  function statusLine(p, tag) {
    return element(tag || "div", { className: "status " + (p.open ? "is-open" : "is-closed"), text: p.status });
  }

  function listItem(feature) {
    const p = feature.properties;
    const item = element("li", {
      className: "station-item" + (feature.id === state.selected ? " is-selected" : ""),
      "data-station-id": feature.id,
      tabindex: "0",
    }, [
      element("span", { className: "name", text: p.name }),
      element("span", { className: "distance", text: p.distance || "" }),
      statusLine(p),
      element("span", { className: "icons", text: p.services.map(serviceIcon).join("") }),
    ]);
    item.addEventListener("click", function () { select(feature.id, true); });
    item.addEventListener("keydown", function (event) {
      if (event.key === "Enter") select(feature.id, true);
    });
    return item;
  }

  function render() {
    for (const [chip, service] of chips) chip.setAttribute("aria-pressed", String(state.service === service));
    openToggle.setAttribute("aria-pressed", String(state.openOnly));
    const shown = state.features.filter(visible);
    for (const feature of state.features) {
      const marker = markers.get(feature.id);
      if (visible(feature)) {
        if (!stationLayer.hasLayer(marker)) stationLayer.addLayer(marker);
        marker.getElement().setAttribute("data-station-id", feature.id);
      } else {
        stationLayer.removeLayer(marker);
      }
    }
    const list = document.getElementById("list");
    list.replaceChildren.apply(list, shown.map(listItem));
    document.getElementById("count").textContent = t("web-count", { shown: shown.length, total: state.features.length });
    document.getElementById("empty").hidden = shown.length > 0 || state.features.length === 0;
  }

  // --- a station's panel --------------------------------------------------------------------------------

  function select(id, fromList) {
    const feature = state.features.find(function (f) { return f.id === id; });
    if (!feature) return;
    const previous = state.selected;
    state.selected = id;
    refreshMarker(previous);
    refreshMarker(id);
    for (const item of document.querySelectorAll(".station-item")) {
      item.classList.toggle("is-selected", item.getAttribute("data-station-id") === id);
    }
    showPanel(feature);
    if (fromList) map.setView(latLng(feature.geometry), Math.max(map.getZoom(), 14));
  }

  // Redraws a marker after its selection changed (setIcon makes a new element, so it is tagged again).
  function refreshMarker(id) {
    const feature = state.features.find(function (f) { return f.id === id; });
    const marker = markers.get(id);
    if (!feature || !marker) return;
    marker.setIcon(markerIcon(feature, id === state.selected));
    if (marker.getElement()) marker.getElement().setAttribute("data-station-id", id);
  }

  function showPanel(feature) {
    const p = feature.properties;
    const body = document.getElementById("panel-body");
    const parts = [
      element("h2", { text: p.name }),
      statusLine(p, "p"),
      element("p", { className: "meta", text: [p.distance, p.district].filter(Boolean).join(" · ") }),
      element("h3", { text: t("web-hours") }),
      element("dl", { className: "hours" }, p.hours.flatMap(function (line) {
        return [element("dt", { text: line.days }), element("dd", { text: line.spans })];
      })),
    ];
    if (p.closed) parts.push(element("p", { className: "closed-note", text: p.closed }));
    if (p.live) parts.push(element("p", { className: "live-status", text: p.live.text }));
    parts.push(
      element("h3", { text: t("web-services") }),
      element("div", { className: "services" }, p.services.map(function (s) {
        return element("span", { text: t("web-service-" + s) });
      })),
    );
    if (p.campaign.length) {
      parts.push(element("h3", { text: t("web-campaign") }),
        element("ul", { className: "campaign" }, p.campaign.map(function (c) { return element("li", { text: c }); })));
    }
    parts.push(element("h3", { text: t("web-address") }), element("p", { className: "address", text: p.address }));
    if (p.phone) {
      parts.push(element("h3", { text: t("web-phone") }),
        element("p", {}, [element("a", { className: "phone", href: "tel:" + p.phone, text: p.phone })]));
    }
    parts.push(element("div", { className: "nav" }, [
      element("a", { className: "amap", href: p.links.amap, target: "_blank", rel: "noopener", text: t("web-navigate-amap") }),
      element("a", { className: "baidu", href: p.links.baidu, target: "_blank", rel: "noopener", text: t("web-navigate-baidu") }),
    ]));
    if (p.sample) parts.push(element("p", { className: "sample", text: t("web-sample-note") }));
    body.replaceChildren.apply(body, parts);
    const panel = document.getElementById("panel");
    panel.hidden = false;
    panel.setAttribute("data-station-id", feature.id);
    panel.scrollTop = 0;
  }

  document.getElementById("panel-close").addEventListener("click", function () {
    document.getElementById("panel").hidden = true;
    const previous = state.selected;
    state.selected = null;
    refreshMarker(previous);
    for (const item of document.querySelectorAll(".station-item.is-selected")) item.classList.remove("is-selected");
  });

  // --- data ---------------------------------------------------------------------------------------------

  async function load() {
    const query = new URLSearchParams({ lang: config.language });
    if (state.position) {
      query.set("lat", state.position.lat.toFixed(6));
      query.set("lon", state.position.lon.toFixed(6));
    }
    let data;
    try {
      const response = await fetch(config.api + "?" + query.toString(), { cache: "no-store" });
      if (!response.ok) throw new Error("HTTP " + response.status);
      data = await response.json();
    } catch (error) {
      document.getElementById("failed").hidden = false;
      return;
    }
    document.getElementById("failed").hidden = true;
    state.features = data.features;
    buildMarkers();
    render();
    if (data.origin) showYou(latLng(data.origin));
    if (state.selected) {
      const feature = state.features.find(function (f) { return f.id === state.selected; });
      if (feature && !document.getElementById("panel").hidden) showPanel(feature);
    }
    document.body.setAttribute("data-loaded", "true");
  }

  function showYou(position) {
    const icon = L.divIcon({ className: "you-marker", html: "<span></span>", iconSize: [22, 22], iconAnchor: [11, 11] });
    if (youMarker) youMarker.setLatLng(position);
    else youMarker = L.marker(position, { icon: icon, title: t("web-you-are-here"), keyboard: false, zIndexOffset: -100 }).addTo(map);
  }

  function locate() {
    const note = document.getElementById("locate-note");
    if (!navigator.geolocation) {
      note.textContent = t("web-location-unavailable");
      return;
    }
    note.textContent = t("web-locating");
    navigator.geolocation.getCurrentPosition(function (found) {
      state.position = { lat: found.coords.latitude, lon: found.coords.longitude };
      note.textContent = t("web-sorted-by-distance");
      load();
    }, function () {
      note.textContent = t("web-location-unavailable");
    }, { enableHighAccuracy: false, timeout: 15000, maximumAge: 60000 });
  }

  load().then(locate);
  setInterval(load, REFRESH_MS);
})();
