// The login page: the link's one-time code comes after "#" (never sent to a server,
// so never in a proxy's log); it goes into the form the button posts, and out of
// the address bar. Kept in this tab's storage so switching the page's language
// (a reload) keeps it.
(function () {
  "use strict";
  var field = document.getElementById("login-token");
  if (!field) { return; }
  var key = "contigo-console-login";
  var match = /(?:^#|&)token=([0-9a-fA-F]+)/.exec(window.location.hash);
  try {
    if (match) {
      sessionStorage.setItem(key, match[1]);
      history.replaceState(null, "", window.location.pathname + window.location.search);
    }
    field.value = sessionStorage.getItem(key) || "";
  } catch (e) {
    if (match) { field.value = match[1]; }
  }
  document.getElementById("login").addEventListener("submit", function () {
    try { sessionStorage.removeItem(key); } catch (e) { /* nothing kept */ }
  });
})();

// A ticket's new messages, without reloading: every few seconds, ask the server for
// the messages after the last one shown and append them. The page works without it
// (its "refresh" link reloads).
(function () {
  "use strict";
  var list = document.getElementById("messages");
  if (!list || !list.dataset.poll) { return; }
  // The newest message is at the bottom: show it.
  list.scrollTop = list.scrollHeight;
  function poll() {
    var url = list.dataset.poll + "?after=" + encodeURIComponent(list.dataset.after || "0");
    fetch(url, { credentials: "same-origin", headers: { "Accept": "text/html" } })
      .then(function (answer) {
        if (answer.status !== 200) { return null; }
        return answer.text();
      })
      .then(function (html) {
        if (!html) { return; }
        var holder = document.createElement("ol");
        holder.innerHTML = html;
        var items = holder.querySelectorAll("li[data-id]");
        for (var i = 0; i < items.length; i++) {
          var id = Number(items[i].dataset.id);
          if (id > Number(list.dataset.after || "0")) {
            list.appendChild(items[i]);
            list.dataset.after = String(id);
          }
        }
        list.scrollTop = list.scrollHeight;
      })
      .catch(function () { /* the next poll tries again */ });
  }
  setInterval(poll, 3000);
})();
