// Stand-in for an advertising pixel: a first-party browser id and a beacon home.
(function () {
  if (!/(?:^|; )_fbp=/.test(document.cookie)) {
    var id = "fb.1." + Date.now() + "." + Math.floor(Math.random() * 1e10);
    document.cookie = "_fbp=" + id + "; path=/; max-age=7776000; SameSite=Lax";
  }
  var img = new Image();
  img.src = "https://www.facebook.com/tr?id=DEMO&ev=PageView&dl=" + encodeURIComponent(location.href);
})();
