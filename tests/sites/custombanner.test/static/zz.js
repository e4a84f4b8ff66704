// A home-made consent manager: its controls read "Yep" / "Nope", so no text rule finds them.
(function () {
  var choice = (document.cookie.match(/(?:^|; )zz_choice=([^;]*)/) || [])[1];
  function analytics() {
    var s = document.createElement('script');
    s.src = 'https://www.google-analytics.com/analytics.js';
    document.head.appendChild(s);
  }
  function decide(value) {
    document.cookie = 'zz_choice=' + value + '; Path=/; Max-Age=31536000; SameSite=Lax';
    document.getElementById('zz-consent').hidden = true;
    if (value === 'yes') analytics();
  }
  window.zzConsent = {choice: function () { return choice || null; }};
  if (choice === 'yes') analytics();
  if (!choice) {
    var banner = document.getElementById('zz-consent');
    banner.hidden = false;
    document.getElementById('zz-yes').addEventListener('click', function () { decide('yes'); });
    document.getElementById('zz-no').addEventListener('click', function () { decide('no'); });
  }
})();
