// Contacts Bridge console: refreshes the live part, runs the buttons (with the session's CSRF
// token), opens a dead letter's payload on request. Plain JavaScript, no build step.
(function () {
  'use strict';
  var csrf = document.querySelector('meta[name="csrf-token"]');
  if (!csrf) { return; } // the sign-in page
  csrf = csrf.content;
  var seconds = parseInt(document.querySelector('meta[name="refresh-seconds"]').content, 10) || 5;
  var live = document.getElementById('live');
  var flash = document.getElementById('flash');
  var busy = false;

  function say(text, bad) {
    flash.textContent = text;
    flash.className = bad ? 'bad' : 'good';
  }

  function refresh() {
    if (busy) { return Promise.resolve(); }
    return fetch('/console/view' + window.location.search, {credentials: 'same-origin', cache: 'no-store'})
      .then(function (r) {
        if (r.status === 401) { window.location.reload(); return null; }
        return r.ok ? r.text() : null;
      })
      .then(function (html) {
        if (html !== null && html !== undefined) {
          live.innerHTML = html;
          document.getElementById('updated').textContent = 'updated ' + new Date().toLocaleTimeString();
        }
      })
      .catch(function () { document.getElementById('updated').textContent = 'bridge unreachable, retrying'; });
  }

  function post(url) {
    return fetch(url, {method: 'POST', credentials: 'same-origin', headers: {'X-CSRF-Token': csrf}})
      .then(function (r) { return r.json().then(function (body) { return {ok: r.ok, body: body}; }); });
  }

  function describe(url, body) {
    if (body.checks) {
      return Object.keys(body.checks).map(function (id) {
        var c = body.checks[id];
        return id + ': ' + (c.ok ? 'OK' : 'FAILED') + ' (' + c.message + ')';
      }).join(' · ') || 'no enabled connection';
    }
    if (body.count !== undefined) { return body.status + ': ' + body.count; }
    return body.status || body.error || 'done';
  }

  var payloadUrl = null;
  function showPayload(url) {
    payloadUrl = url;
    fetch(url, {credentials: 'same-origin'}).then(function (r) { return r.text(); }).then(function (text) {
      document.getElementById('payload-text').textContent = text;
      document.getElementById('payload').hidden = false;
    });
  }

  document.addEventListener('click', function (event) {
    var button = event.target.closest('button');
    if (!button) { return; }
    if (button.id === 'payload-close') { document.getElementById('payload').hidden = true; return; }
    if (button.id === 'payload-full') { if (payloadUrl) { showPayload(payloadUrl + '?full=true'); } return; }
    if (button.dataset.payload) { showPayload(button.dataset.payload); return; }
    var url = button.dataset.post;
    if (!url) { return; }
    if (button.dataset.confirm && !window.confirm(button.dataset.confirm)) { return; }
    button.disabled = true;
    busy = true;
    say('working…', false);
    post(url).then(function (answer) {
      if (button.dataset.then === 'reload') { window.location.reload(); return; }
      say(describe(url, answer.body), !answer.ok);
    }).catch(function (e) { say('failed: ' + e, true); })
      .then(function () { busy = false; button.disabled = false; return refresh(); });
  });

  document.addEventListener('change', function (event) {
    if (event.target.closest('form.filters')) { event.target.form.submit(); }
  });

  window.setInterval(refresh, seconds * 1000);
}());
