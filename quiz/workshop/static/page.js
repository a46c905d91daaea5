// The hosted workshop's participant page: one websocket to the host, reconnecting by itself with
// a growing pause; the host renders every screen (quiz/workshop/web_screens.py) and this script
// only shows it, sends what the participant does, and keeps their rejoin secret in this browser.
"use strict";

(() => {
  const storageKey = "quiz-workshop:" + (document.body.dataset.storageKey || "");
  const screen = document.getElementById("screen");
  const connection = document.getElementById("connection");
  const announcer = document.getElementById("announce");
  const FIRST_RETRY_MS = 500;
  const LAST_RETRY_MS = 10000;
  let socket = null;
  let retries = 0;
  let retryTimer = null;
  let stopped = false;
  let current = screen.dataset.screen || "join";

  // -- this device's identity: the rejoin secret the host gave it ------------------------------

  function identity() {
    try {
      return JSON.parse(localStorage.getItem(storageKey) || "null");
    } catch (error) {
      return null;
    }
  }

  function keep(held) {
    try {
      localStorage.setItem(storageKey, JSON.stringify(held));
    } catch (error) {
      // Private browsing without storage: this page still works until it is closed.
    }
  }

  function forget() {
    try {
      localStorage.removeItem(storageKey);
    } catch (error) {
      // nothing kept
    }
  }

  // -- talking to the host ---------------------------------------------------------------------

  function send(message) {
    if (socket && socket.readyState === WebSocket.OPEN) {
      socket.send(JSON.stringify(message));
      return true;
    }
    return false;
  }

  function connect() {
    clearTimeout(retryTimer);
    retryTimer = null;
    if (stopped || (socket && socket.readyState <= WebSocket.OPEN)) {
      return;
    }
    const scheme = location.protocol === "https:" ? "wss://" : "ws://";
    const opened = new WebSocket(scheme + location.host + "/ws");
    socket = opened;
    opened.addEventListener("open", () => {
      retries = 0;
      showConnection("");
      const held = identity();
      send(held && held.secret ? { type: "hello", secret: held.secret } : { type: "hello" });
    });
    opened.addEventListener("message", (event) => {
      let message = null;
      try {
        message = JSON.parse(event.data);
      } catch (error) {
        return;
      }
      receive(message);
    });
    opened.addEventListener("close", () => {
      if (socket === opened) {
        socket = null;
      }
      if (stopped) {
        return;
      }
      const pause = Math.min(LAST_RETRY_MS, FIRST_RETRY_MS * 2 ** retries);
      const delay = Math.round(pause * (0.75 + Math.random() * 0.5));
      retries += 1;
      showConnection("Connection to the workshop lost. Trying again in " +
        Math.max(1, Math.round(delay / 1000)) + " s…");
      retryTimer = setTimeout(connect, delay);
    });
  }

  function receive(message) {
    switch (message.type) {
      case "screen":
        render(message);
        break;
      case "identity":
        keep({ secret: message.secret, name: message.name });
        break;
      case "forget":
        forget();
        break;
      case "error":
        showError(message.message || "", message.field || null);
        break;
      case "notice":
        showConnection(message.text || "");
        break;
      case "stop":
        stopped = true;
        if (message.forget) {
          forget();
        }
        showConnection(message.text || "");
        break;
      default:
        break;
    }
  }

  // -- showing what the host sends ---------------------------------------------------------------

  function focusKey() {
    const active = document.activeElement;
    if (!active || !screen.contains(active)) {
      return null;
    }
    if (active.name === "choice") {
      return 'input[name="choice"][value="' + CSS.escape(active.value) + '"]';
    }
    if (active.id) {
      return "#" + CSS.escape(active.id);
    }
    if (active.dataset && active.dataset.action) {
      return '[data-action="' + CSS.escape(active.dataset.action) + '"]';
    }
    return null;
  }

  function render(message) {
    const changed = message.key !== current;
    const refocus = changed ? null : focusKey();
    // The same join form again (a reconnect): what was typed stays typed.
    const typed = changed ? null : Array.from(screen.querySelectorAll("#join-form input"),
      (input) => [input.name, input.value]);
    screen.innerHTML = message.html;
    for (const [name, value] of typed || []) {
      const input = screen.querySelector('#join-form input[name="' + name + '"]');
      if (input && value && !input.value) {
        input.value = value;
      }
    }
    screen.dataset.screen = message.key;
    current = message.key;
    if (changed) {
      const heading = screen.querySelector("h1");
      if (heading) {
        heading.focus({ preventScroll: true });
      }
      window.scrollTo(0, 0);
      if (message.announce) {
        announce(message.announce);
      }
    } else if (refocus) {
      const again = screen.querySelector(refocus);
      if (again) {
        again.focus({ preventScroll: true });
      }
    }
  }

  function announce(text) {
    // Emptied first, so the same sentence twice is still read out.
    announcer.textContent = "";
    setTimeout(() => {
      announcer.textContent = text;
    }, 60);
  }

  function showConnection(text) {
    connection.textContent = text;
    connection.hidden = !text;
  }

  function showError(text, field) {
    const form = screen.querySelector("#join-form");
    const line = screen.querySelector("#join-error") || screen.querySelector("#answer-status");
    if (line) {
      line.textContent = text;
    }
    if (form) {
      const button = form.querySelector('button[type="submit"]');
      if (button) {
        button.disabled = false;
        button.textContent = "Join";
      }
      for (const input of form.querySelectorAll("input")) {
        input.setAttribute("aria-invalid", String(input.name === field));
      }
      const target = field ? form.elements[field] : null;
      if (target) {
        target.focus();
      }
    }
    for (const button of screen.querySelectorAll("[data-action]")) {
      button.disabled = false;
    }
  }

  // -- what the participant does -------------------------------------------------------------------

  screen.addEventListener("submit", (event) => {
    event.preventDefault();
    const form = event.target;
    if (form.id !== "join-form") {
      return;
    }
    const name = form.elements.name.value;
    const code = form.elements.code.value;
    if (!name.trim()) {
      showError("Type your name first.", "name");
      return;
    }
    if (!code.trim()) {
      // Enter in the name field goes on to the code, as a person expects.
      form.elements.code.focus();
      return;
    }
    if (!send({ type: "join", name: name, code: code })) {
      showError("Not connected to the workshop yet: try again in a moment.", null);
      return;
    }
    const button = form.querySelector('button[type="submit"]');
    button.disabled = true;
    button.textContent = "Joining…";
  });

  screen.addEventListener("change", (event) => {
    const input = event.target;
    if (input.name !== "choice") {
      return;
    }
    const status = screen.querySelector("#answer-status");
    const position = Number(input.form.dataset.position);
    if (send({ type: "answer", choice: input.value, position: position })) {
      if (status) {
        status.textContent = "Saving your answer…";
      }
    } else if (status) {
      status.textContent = "Not connected: tap your answer again once the page has reconnected.";
    }
  });

  screen.addEventListener("click", (event) => {
    const button = event.target.closest("button[data-action]");
    if (!button) {
      return;
    }
    if (send({ type: button.dataset.action })) {
      button.disabled = true;
    }
  });

  // A phone that slept or changed network: try at once rather than after the pause.
  function wake() {
    if (!stopped && !socket) {
      retries = 0;
      connect();
    }
  }
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible") {
      wake();
    }
  });
  window.addEventListener("online", wake);

  connect();
})();
