// The browser chat with the bot on the local emulator. The server (bot/emulator/webchat.py) acts as the
// chosen persona through the emulator; this page shows each chat and reloads it on every server-sent event.
(function () {
  "use strict";

  const ROLE_LABELS = { courier: "快递小哥 courier", observer: "观察员 observer", admin: "管理员 admin" };
  const TILES = "https://tile.openstreetmap.org/{z}/{x}/{y}.png";
  const PICKER_CENTRE = [30.2741, 120.1551]; // 武林广场, WGS-84 like Telegram locations
  const state = { personas: [], group: null, stations: [], chatId: null, entries: [], unread: new Map() };
  const $ = function (id) { return document.getElementById(id); };

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

  // Issued in the page by the server, which refuses actions without it: other sites cannot read it.
  const CHAT_TOKEN = document.querySelector('meta[name="chat-token"]').content;

  async function post(action, body) {
    const response = await fetch("/api/" + action, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Chat-Token": CHAT_TOKEN },
      body: JSON.stringify(Object.assign({ user_id: currentPersona().user_id }, body)),
    });
    const answer = await response.json();
    if (!answer.ok) toast("✗ " + answer.description);
    return answer.ok;
  }

  function currentPersona() {
    return state.personas.find(function (p) { return p.user_id === state.chatId; }) || null;
  }

  function toast(text, long) {
    const box = $("toast");
    box.textContent = text;
    box.hidden = false;
    clearTimeout(toast.timer);
    toast.timer = setTimeout(function () { box.hidden = true; }, long ? 4000 : 2200);
  }

  // --- Telegram formatting: text + entities (UTF-16 offsets, as JavaScript strings count) -----------------

  function entityNode(entity, text) {
    switch (entity.type) {
      case "bold": return element("b");
      case "italic": return element("i");
      case "underline": return element("u");
      case "strikethrough": return element("s");
      case "code": return element("code");
      case "pre": return element("pre");
      case "blockquote": case "expandable_blockquote": return element("blockquote");
      case "spoiler": return element("span", { className: "spoiler" });
      case "text_link": return element("a", { href: entity.url, target: "_blank", rel: "noopener" });
      case "url": return element("a", { href: text.substr(entity.offset, entity.length), target: "_blank", rel: "noopener" });
      default: return element("span");
    }
  }

  function formatted(text, entities) {
    const root = document.createDocumentFragment();
    function build(parent, start, end, candidates) {
      const inside = candidates
        .filter(function (e) { return e.offset >= start && e.offset + e.length <= end; })
        .sort(function (a, b) { return a.offset - b.offset || b.length - a.length; });
      let position = start;
      for (const entity of inside) {
        if (entity.offset < position) continue; // nested in one already drawn
        if (entity.offset > position) parent.append(text.slice(position, entity.offset));
        const node = entityNode(entity, text);
        build(node, entity.offset, entity.offset + entity.length, inside.filter(function (e) { return e !== entity; }));
        parent.append(node);
        position = entity.offset + entity.length;
      }
      if (position < end) parent.append(text.slice(position, end));
    }
    build(root, 0, text.length, entities || []);
    return root;
  }

  // --- one message ------------------------------------------------------------------------------------------

  function content(message) {
    const parts = [];
    if (message.venue) {
      parts.push(element("span", { className: "media", text: "📍 " + message.venue.title }),
        element("span", { className: "sub", text: message.venue.address }));
    } else if (message.location) {
      const l = message.location;
      parts.push(element("span", { className: "media", text: "📍 位置 location" }),
        element("span", { className: "sub", text: l.latitude.toFixed(5) + ", " + l.longitude.toFixed(5) }));
    } else if (message.photo) {
      parts.push(element("span", { className: "photo-tile", text: "🖼" }));
    } else if (message.document) {
      parts.push(element("span", { className: "media", text: "📄 " + (message.document.file_name || "document") }));
    } else if (message.voice) {
      parts.push(element("span", { className: "media", text: "🎤 " + message.voice.duration + "″" }));
    } else if (message.contact) {
      parts.push(element("span", { className: "media", text: "👤 " + message.contact.first_name + " " + message.contact.phone_number }));
    }
    if (message.text !== undefined) parts.push(formatted(message.text, message.entities));
    if (message.caption) parts.push(formatted(message.caption, message.caption_entities));
    return parts;
  }

  function inlineKeyboard(message) {
    const rows = (message.reply_markup && message.reply_markup.inline_keyboard) || [];
    if (!rows.length || message.deleted) return null;
    let index = 0;
    return element("div", { className: "inline" }, rows.map(function (row) {
      return element("div", { className: "inline-row" }, row.map(function (button) {
        const position = index++;
        if (button.url) return element("a", { href: button.url, target: "_blank", rel: "noopener", text: button.text + " ↗" });
        const node = element("button", { type: "button", text: button.text, "data-index": String(position) });
        node.addEventListener("click", function () {
          if (button.web_app) openWebApp(button.text, button.web_app.url);
          else if (button.callback_data !== undefined) post("press", { message_id: message.message_id, index: position });
          else toast(button.text + ": " + Object.keys(button).filter(function (k) { return k !== "text"; }).join(", "));
        });
        return node;
      }));
    }));
  }

  function row(entry) {
    const message = entry.message;
    const mine = entry.side === "user";
    const name = mine ? (message.from && message.from.first_name) || "我" : "小哥";
    const bubble = element("div", {
      className: "bubble" + (message.deleted ? " deleted" : ""),
      "data-message-id": String(message.message_id),
    }, message.deleted ? ["(已删除 deleted)"] : content(message));
    const stack = element("div", { className: "stack" }, [bubble]);
    if (message.edit_date && !message.deleted) stack.append(element("span", { className: "edited", text: "已编辑 edited" }));
    const keyboard = mine ? null : inlineKeyboard(message);
    if (keyboard) stack.append(keyboard);
    return element("div", { className: "row " + entry.side }, [
      element("div", { className: "avatar", text: name.slice(0, 2) }), stack,
    ]);
  }

  // --- the reply keyboard under the input (the latest one the bot attached) --------------------------------

  function replyKeyboard() {
    let keyboard = null;
    for (const entry of state.entries) {
      const markup = entry.side === "bot" && entry.message.reply_keyboard;
      if (markup) keyboard = markup.keyboard ? markup : null;
    }
    const box = $("keyboard");
    if (!keyboard || isGroup()) {
      box.hidden = true;
      box.replaceChildren();
      return;
    }
    box.replaceChildren.apply(box, keyboard.keyboard.map(function (buttons) {
      return element("div", { className: "krow" }, buttons.map(function (button) {
        const label = typeof button === "string" ? button : button.text;
        const node = element("button", { type: "button", text: label });
        node.addEventListener("click", function () {
          if (button.request_location) openPicker();
          else if (button.web_app) openWebApp(label, button.web_app.url);
          else sendText(label);
        });
        return node;
      }));
    }));
    box.hidden = false;
  }

  // --- chats and personas -----------------------------------------------------------------------------------

  function isGroup() {
    return state.group !== null && state.chatId === state.group.chat_id;
  }

  function renderTabs() {
    const tabs = state.personas.map(function (p) {
      return { chatId: p.user_id, label: p.name, sub: (ROLE_LABELS[p.key] || p.key) };
    });
    if (state.group) tabs.push({ chatId: state.group.chat_id, label: "👥 " + state.group.title, sub: "" });
    $("tabs").replaceChildren.apply($("tabs"), tabs.map(function (tab) {
      const unread = state.unread.get(tab.chatId) || 0;
      const button = element("button", {
        type: "button", className: "tab", role: "tab", "aria-selected": String(tab.chatId === state.chatId),
        "data-chat-id": String(tab.chatId), title: tab.sub, text: tab.label,
      });
      if (unread) button.append(element("span", { className: "badge", text: String(unread) }));
      button.addEventListener("click", function () { openChat(tab.chatId); });
      return button;
    }));
  }

  async function openChat(chatId) {
    state.chatId = chatId;
    state.unread.delete(chatId);
    const persona = currentPersona();
    $("chat-title").textContent = persona ? "小哥助手" : state.group.title;
    $("chat-subtitle").textContent = persona
      ? "你是 you are " + persona.name + " · " + (ROLE_LABELS[persona.key] || persona.key) + " · " + persona.language
      : "只读 read-only";
    $("composer").hidden = isGroup();
    $("group-note").hidden = !isGroup();
    $("language").hidden = isGroup();
    renderTabs();
    await reload();
  }

  async function reload() {
    const chatId = state.chatId;
    const response = await fetch("/api/chat?chat_id=" + chatId, { cache: "no-store" });
    const data = await response.json();
    if (chatId !== state.chatId) return;
    state.entries = data.entries;
    const box = $("messages");
    const atBottom = box.scrollHeight - box.scrollTop - box.clientHeight < 80;
    box.replaceChildren.apply(box, state.entries.map(row));
    if (atBottom || !reload.drawn) box.scrollTop = box.scrollHeight;
    reload.drawn = true;
    replyKeyboard();
  }

  function listen() {
    const events = new EventSource("/api/events");
    events.onmessage = function (message) {
      const event = JSON.parse(message.data);
      if (event.kind === "callback_answer") {
        if (event.chat_id === state.chatId && event.message.text) toast(event.message.text, event.message.show_alert);
        return;
      }
      if (event.chat_id === state.chatId) {
        reload();
      } else if (event.kind === "sent") {
        state.unread.set(event.chat_id, (state.unread.get(event.chat_id) || 0) + 1);
        renderTabs();
      }
    };
  }

  // --- sending ----------------------------------------------------------------------------------------------

  async function sendText(text) {
    if (!text.trim()) return;
    if (await post("text", { text: text })) $("text").value = "";
  }

  $("send").addEventListener("click", function () { sendText($("text").value); });
  $("text").addEventListener("keydown", function (event) {
    if (event.key === "Enter" && !event.isComposing) sendText($("text").value);
  });
  $("send-photo").addEventListener("click", async function () {
    if (await post("photo", { caption: $("text").value })) $("text").value = "";
  });
  $("language").addEventListener("click", async function () {
    const persona = currentPersona();
    const next = persona.language === "zh" ? "en" : "zh";
    if (await post("language", { language: next })) {
      persona.language = next;
      toast("Telegram language_code = " + next + "\n新用户按它选语言;已选过的用 /language 切换\n(used for new users; otherwise /language)", true);
      openChat(state.chatId);
    }
  });

  // --- the location picker: a click on the map chooses the point -------------------------------------------

  let picker = null;
  let picked = null;
  let pickedMarker = null;

  function openPicker() {
    $("picker").hidden = false;
    if (!picker) {
      picker = L.map("picker-map").setView(PICKER_CENTRE, 12);
      picker.attributionControl.setPrefix('<a href="https://leafletjs.com">Leaflet</a>');
      L.tileLayer(TILES, { attribution: "© OpenStreetMap", maxZoom: 19 }).addTo(picker);
      const dot = L.divIcon({ className: "station-dot", html: "<span></span>", iconSize: [16, 16], iconAnchor: [8, 8] });
      for (const station of state.stations) {
        L.marker([station.lat, station.lon], { icon: dot, title: station.name, interactive: false }).addTo(picker);
      }
      picker.on("click", function (event) { choose(event.latlng.lat, event.latlng.lng); });
    }
    picker.invalidateSize();
  }

  function choose(lat, lon) {
    picked = { latitude: lat, longitude: lon };
    const icon = L.divIcon({ className: "pick-dot", html: "<span></span>", iconSize: [24, 24], iconAnchor: [12, 12] });
    if (pickedMarker) pickedMarker.setLatLng([lat, lon]);
    else pickedMarker = L.marker([lat, lon], { icon: icon, interactive: false }).addTo(picker);
    $("picker-coords").textContent = lat.toFixed(5) + ", " + lon.toFixed(5);
    $("picker-coords").setAttribute("data-lat", String(lat));
    $("picker-coords").setAttribute("data-lon", String(lon));
    $("picker-send").disabled = false;
  }

  $("share-location").addEventListener("click", openPicker);
  $("picker-close").addEventListener("click", function () { $("picker").hidden = true; });
  $("picker-send").addEventListener("click", async function () {
    if (picked && (await post("location", picked))) $("picker").hidden = true;
  });

  // --- a Mini App opens over the chat, as in Telegram -------------------------------------------------------

  function openWebApp(title, url) {
    $("webapp-title").textContent = title;
    $("webapp-frame").src = url;
    $("webapp").hidden = false;
  }
  $("webapp-close").addEventListener("click", function () {
    $("webapp").hidden = true;
    $("webapp-frame").src = "about:blank";
  });

  // --- start ------------------------------------------------------------------------------------------------

  fetch("/api/state").then(function (response) { return response.json(); }).then(function (data) {
    state.personas = data.personas;
    state.group = data.group;
    state.stations = data.stations;
    listen();
    return openChat(state.personas[0].user_id);
  }).then(function () {
    document.body.setAttribute("data-ready", "true");
  });
})();
