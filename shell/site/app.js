// The page around the wasm: starts it, bridges what SDL cannot (system paste), and publishes
// the testing contract `window.kolo` (tests/README.md). The contract reads; it never acts.
(function () {
  'use strict';
  var canvas = document.getElementById('canvas');
  var status = document.getElementById('status');
  var mod = null;
  var resolveReady;
  var ready = new Promise(function (resolve) { resolveReady = resolve; });

  function str(ptr) { return mod.UTF8ToString(ptr); }

  window.kolo = {
    // Resolves once the first frame is drawn and storage is loaded.
    ready: ready,
    // The widgets of the last drawn frame: {id, label, window, x, y, w, h} in page CSS pixels.
    items: function () {
      if (!mod) return [];
      var r = canvas.getBoundingClientRect();
      return JSON.parse(str(mod._kolo_items_json(r.left, r.top)));
    },
    // A summary of what the app shows: view, language, frame counter, ...
    state: function () { return mod ? JSON.parse(str(mod._kolo_state_json())) : {}; },
  };

  function fail(message) {
    status.textContent = message;
    status.className = 'error';
    document.body.classList.remove('ready');
  }

  // SDL prevents the default of Ctrl+V, which would also cancel the browser's paste event.
  // Let that key through to the browser (not to SDL) and hand the pasted text to ImGui.
  window.addEventListener('keydown', function (e) {
    if ((e.ctrlKey || e.metaKey) && !e.altKey && (e.code === 'KeyV' || e.key === 'v' || e.key === 'V')) {
      e.stopImmediatePropagation();
    }
  }, true);
  document.addEventListener('paste', function (e) {
    var text = e.clipboardData ? e.clipboardData.getData('text/plain') : '';
    if (!mod || !text) return;
    e.preventDefault();
    mod.ccall('kolo_paste', null, ['string'], [text]);
  });
  canvas.addEventListener('mousedown', function () { canvas.focus(); });
  document.addEventListener('visibilitychange', function () { if (mod) mod._kolo_wake(); });

  if (typeof createKolo !== 'function') { fail('kolo.js did not load.'); return; }
  createKolo({
    canvas: canvas,
    koloFirstFrame: function (m) {
      mod = m;
      document.body.classList.add('ready');
      canvas.focus();
      resolveReady();
    },
    printErr: function (text) { console.error(text); },
    onAbort: function (what) { fail('Kolo stopped: ' + what); },
  }).then(function (m) { mod = m; }, function (err) { fail('Kolo could not start: ' + err); });
})();
