(function () {
  "use strict";
  var form = document.getElementById("f");
  var banner = document.getElementById("banner");
  var send = document.getElementById("send");
  var jneBox = document.getElementById("jne");
  var jneYes = document.getElementById("jne_yes");
  var districtQ = document.getElementById("district_q");
  var districtCode = document.getElementById("district");
  var districtList = document.getElementById("district_list");
  var region = document.getElementById("region");
  var AUTHORITY = ["authority_names", "authority_surnames", "authority_dni"];
  /* A correction shows only the fields it is about. */
  var only = form.getAttribute("data-only") ? form.getAttribute("data-only").split(" ") : [];
  var api = form.getAttribute("data-api");
  // A FAD's or an alert's page names the chat's step it was opened for.
  var forStep = (function () {
    var m = /[?&]for=([^&]*)/.exec(window.location.search);
    return m ? decodeURIComponent(m[1]) : "";
  })();
  var initData = "";
  var searchTimer = null;

  function each(list, fn) { for (var i = 0; i < list.length; i++) { fn(list[i], i); } }
  function has(list, x) { for (var i = 0; i < list.length; i++) { if (list[i] === x) { return true; } } return false; }
  function text(el, s) { el.textContent = s; }

  function say(message, done) {
    text(banner, message);
    banner.className = done ? "banner done" : "banner";
    banner.hidden = !message;
    if (message) { banner.scrollIntoView(); }
  }

  function request(method, url, body, cb) {
    var x = new XMLHttpRequest();
    x.open(method, url, true);
    x.setRequestHeader("Content-Type", "application/json");
    x.onreadystatechange = function () {
      if (x.readyState !== 4) { return; }
      var data = {};
      try { data = JSON.parse(x.responseText) || {}; } catch (e) { data = {}; }
      cb(x.status, data);
    };
    x.send(body ? JSON.stringify(body) : null);
  }

  function checked(name) {
    var r = form.querySelector("input[name=" + name + "]:checked");
    return r ? r.value : "";
  }

  /* The office the access type suggests (OMAPED, OREDIS), unless one was typed. */
  function suggest() {
    var type = checked("access_type");
    each(form.querySelectorAll("[data-suggest]"), function (el) {
      var pairs = el.getAttribute("data-suggest").split(" ");
      var mine = "";
      var known = [""];
      each(pairs, function (p) {
        var kv = p.split(":");
        known.push(kv[1]);
        if (kv[0] === type) { mine = kv[1]; }
      });
      if (has(known, el.value)) { el.value = mine; }
    });
  }

  function jneAccepted() { return !!jneBox && !jneBox.hidden && jneYes.checked; }

  /* Shows the fields of the chosen access type, as the chat would ask them. */
  function show() {
    var type = checked("access_type");
    var isPrivate = checked("entity_public") === "private";
    each(form.querySelectorAll("[data-types]"), function (el) {
      var name = el.getAttribute("data-field");
      var visible = name === "access_type" ||
        (type !== "" && has(el.getAttribute("data-types").split(" "), type));
      if (name === "rof_doc" && isPrivate) { visible = false; }
      if (has(AUTHORITY, name) && jneAccepted()) { visible = false; }
      if (only.length) { visible = has(only, name); }
      el.hidden = !visible;
    });
    /* A label in the words of the chosen access type (the entity's head is no authority). */
    each(form.querySelectorAll("[data-when]"), function (el) {
      el.hidden = !has(el.getAttribute("data-when").split(" "), type);
    });
    if (jneBox && (type === "other" || type === "" || only.length)) { jneBox.hidden = true; }
  }

  function clearErrors() {
    each(form.querySelectorAll(".error"), function (el) { el.hidden = true; text(el, ""); });
    each(form.querySelectorAll(".row.bad"), function (el) { el.className = "row"; });
  }

  function showErrors(errors) {
    var first = null;
    for (var name in errors) {
      if (!errors.hasOwnProperty(name)) { continue; }
      var row = form.querySelector("[data-field=" + name + "]");
      var el = document.getElementById(name + "_error");
      if (!row || !el) { continue; }
      row.className = "row bad";
      row.hidden = false;
      text(el, errors[name]);
      el.hidden = false;
      if (!first) { first = row; }
    }
    if (first) {
      first.scrollIntoView();
      var input = first.querySelector("input,select,textarea");
      if (input) { input.focus(); }
    }
  }

  function lookUpAuthority() {
    var type = checked("access_type");
    var body = { init_data: initData };
    if (!jneBox) { return; }
    if (type === "local" && districtCode && districtCode.value) { body.district = districtCode.value; }
    else if (type === "regional" && region && region.value) { body.region = region.value; }
    else { jneBox.hidden = true; show(); return; }
    request("POST", "/webapp/api/jne", body, function (status, data) {
      jneBox.hidden = !(status === 200 && data.text);
      if (data.text) { text(document.getElementById("jne_text"), data.text); }
      show();
    });
  }

  function pickDistrict(code, label) {
    districtCode.value = code;
    districtQ.value = label;
    districtList.innerHTML = "";
    lookUpAuthority();
  }

  function searchDistricts() {
    var q = districtQ.value;
    districtCode.value = "";
    if (q.length < 3) { districtList.innerHTML = ""; return; }
    request("GET", "/webapp/api/districts?q=" + encodeURIComponent(q), null, function (status, found) {
      districtList.innerHTML = "";
      if (status !== 200) { return; }
      if (!found.length) {
        var p = document.createElement("p");
        p.className = "hint";
        text(p, form.getAttribute("data-no-results"));
        districtList.appendChild(p);
        return;
      }
      each(found, function (d) {
        var b = document.createElement("button");
        b.type = "button";
        b.setAttribute("role", "option");
        text(b, d.label);
        b.onclick = function () { pickDistrict(d.code, d.label); };
        districtList.appendChild(b);
      });
    });
  }

  function fill(values) {
    for (var name in values) {
      if (!values.hasOwnProperty(name)) { continue; }
      var v = values[name];
      var radios = form.querySelectorAll("input[type=radio][name=" + name + "]");
      if (radios.length) {
        each(radios, function (r) { r.checked = r.value === v; });
      } else if (name === "district") {
        districtCode.value = v;
      } else if (name === "district_label") {
        districtQ.value = v;
      } else {
        var el = document.getElementById(name);
        if (el) { el.value = v; }
      }
    }
    show();
  }

  function answers() {
    var out = {};
    var type = checked("access_type");
    out.access_type = type;
    each(form.querySelectorAll(".row"), function (row) {
      var name = row.getAttribute("data-field");
      if (row.hidden || name === "access_type") { return; }
      if (name === "district" && districtCode) {
        out.district = districtCode.value || districtQ.value;
        return;
      }
      var radios = row.querySelectorAll("input[type=radio]");
      if (radios.length) { out[name] = checked(name); return; }
      var el = document.getElementById(name);
      if (el) { out[name] = el.value; }
    });
    if (jneAccepted()) { out.jne_authority = "yes"; }
    return out;
  }

  function submit(e) {
    if (e) { e.preventDefault(); }
    clearErrors();
    say("", false);
    send.disabled = true;
    text(send, form.getAttribute("data-sending"));
    request("POST", api + "/submit", { init_data: initData, answers: answers(), form: forStep }, function (status, data) {
      send.disabled = false;
      text(send, send.getAttribute("data-label"));
      if (status === 200) {
        say(data.message, true);
        form.hidden = true;
        var tg = window.Telegram && window.Telegram.WebApp;
        if (tg && tg.close) { setTimeout(function () { tg.close(); }, 1500); }
      } else if (status === 422) {
        say(data.message, false);
        showErrors(data.errors || {});
      } else {
        say(data.message || form.getAttribute("data-offline"), false);
      }
    });
  }

  /* Waits for Telegram's script (it loads without blocking the page). */
  function begin(tries) {
    var tg = window.Telegram && window.Telegram.WebApp;
    if (!tg || !tg.initData) {
      if (tries > 0) { setTimeout(function () { begin(tries - 1); }, 200); }
      else { say(form.getAttribute("data-no-telegram"), false); send.disabled = true; }
      return;
    }
    initData = tg.initData;
    if (tg.ready) { tg.ready(); }
    if (tg.expand) { tg.expand(); }
    request("POST", api + "/start", { init_data: initData, form: forStep }, function (status, data) {
      if (status === 200) {
        fill(data.values || {});
        if (!only.length) { lookUpAuthority(); }
      }
      else { say(data.message || form.getAttribute("data-offline"), false); send.disabled = true; }
    });
  }

  send.setAttribute("data-label", send.textContent);
  each(form.querySelectorAll("input[type=radio]"), function (r) {
    r.onchange = function () {
      if (r.name === "access_type") { suggest(); lookUpAuthority(); }
      show();
    };
  });
  if (jneYes) { jneYes.onchange = show; }
  if (region) { region.onchange = lookUpAuthority; }
  if (districtQ) {
    districtQ.oninput = function () {
      clearTimeout(searchTimer);
      searchTimer = setTimeout(searchDistricts, 300);
    };
  }
  form.onsubmit = submit;
  show();
  begin(50);
})();
