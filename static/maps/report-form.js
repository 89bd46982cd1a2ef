/* Report form: the map and the latitude/longitude fields stay in step; guidance and
   nearby reports appear as the reporter chooses. Works without it: the fields are plain. */
(function () {
  "use strict";
  var box = document.querySelector("[data-report-form-map]");
  var latField = document.getElementById("id_lat");
  var lonField = document.getElementById("id_lon");
  var select = document.getElementById("id_category");
  var guidance = document.getElementById("category-guidance");
  var nearbyBox = document.getElementById("nearby-live");

  function showGuidance() {
    var option = select.options[select.selectedIndex];
    guidance.textContent = "";
    if (!option || !option.value) { return; }
    if (option.dataset.guidance) {
      var p = document.createElement("p");
      p.textContent = option.dataset.guidance;
      guidance.appendChild(p);
    }
    if (option.dataset.hint) {
      var hint = document.createElement("p");
      hint.className = "maps-hint";
      hint.textContent = option.dataset.hint;
      guidance.appendChild(hint);
    }
  }
  if (select && guidance) {
    select.addEventListener("change", showGuidance);
    showGuidance();
  }

  if (!box) { return; }
  var frame = box.querySelector(".maps-frame");
  var map = window[frame.dataset.map];
  var marker = window[box.dataset.marker];
  if (!map || !marker) { return; }
  if (box.dataset.hasPoint !== "1") { marker.setOpacity(0.4); }

  function checkNearby() {
    if (!nearbyBox || !select.value || !latField.value || !lonField.value) { return; }
    var url = box.dataset.nearbyUrl + "?" + new URLSearchParams({
      category: select.value, lat: latField.value, lon: lonField.value
    });
    fetch(url, { credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (data) {
        nearbyBox.textContent = "";
        if (!data.reports.length) { return; }
        var heading = document.createElement("p");
        heading.innerHTML = "<strong></strong>";
        heading.firstChild.textContent = nearbyBox.dataset.heading || "Bereits gemeldet?";
        nearbyBox.appendChild(heading);
        var list = document.createElement("ul");
        data.reports.forEach(function (report) {
          var li = document.createElement("li");
          var a = document.createElement("a");
          a.href = report.url;
          a.textContent = "#" + report.id + " (" + report.distance + " m, " + report.status + ")";
          li.appendChild(a);
          li.appendChild(document.createTextNode(" " + report.description));
          list.appendChild(li);
        });
        nearbyBox.appendChild(list);
      });
  }

  function setFields(latlng) {
    latField.value = latlng.lat.toFixed(6);
    lonField.value = latlng.lng.toFixed(6);
    marker.setOpacity(1);
    checkNearby();
  }
  map.on("click", function (event) {
    marker.setLatLng(event.latlng);
    setFields(event.latlng);
  });
  marker.on("dragend", function () { setFields(marker.getLatLng()); });

  function fromFields() {
    var lat = parseFloat(latField.value.replace(",", "."));
    var lon = parseFloat(lonField.value.replace(",", "."));
    if (isFinite(lat) && isFinite(lon) && Math.abs(lat) <= 90 && Math.abs(lon) <= 180) {
      marker.setLatLng([lat, lon]).setOpacity(1);
      map.panTo([lat, lon]);
      checkNearby();
    }
  }
  latField.addEventListener("change", fromFields);
  lonField.addEventListener("change", fromFields);
  select.addEventListener("change", checkNearby);

  var locate = box.querySelector("[data-locate]");
  if (locate && navigator.geolocation) {
    locate.hidden = false;
    locate.addEventListener("click", function () {
      navigator.geolocation.getCurrentPosition(function (position) {
        var latlng = L.latLng(position.coords.latitude, position.coords.longitude);
        marker.setLatLng(latlng);
        map.setView(latlng, 17);
        setFields(latlng);
      });
    });
  }
})();
