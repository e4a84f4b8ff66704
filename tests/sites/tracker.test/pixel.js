// A tracker script that writes a first-party advertising cookie and beacons home.
document.cookie = "_fbp=fb.1.1700000000.123456789; path=/; max-age=7776000";
new Image().src = "https://www.google-analytics.com/g/collect?v=2";
localStorage.setItem("_hjSessionUser_12345", "{\"id\":\"secret-storage-id\"}");
