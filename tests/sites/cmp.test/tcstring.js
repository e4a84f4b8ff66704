// A TCF v2.2 TC string writer and reader for the TCF replicas (InMobi Choice, Sourcepoint):
// the core segment field by field as the IAB's "Consent string and vendor list formats v2"
// lays it out (version 2, deciseconds, 6-bit letters, bit-field vendor sections, no publisher
// restrictions), base64url without padding. A real CMP's bundle carries its own writer.
window.FixtureTCF = (function () {
  function bits(value, n) {
    let out = "";
    for (let i = n - 1; i >= 0; i--) out += Math.floor(value / Math.pow(2, i)) % 2 ? "1" : "0";
    return out;
  }
  function letters(code) {
    return bits(code.charCodeAt(0) - 65, 6) + bits(code.charCodeAt(1) - 65, 6);
  }
  function field(ids, size) {
    let out = "";
    for (let i = 1; i <= size; i++) out += ids.includes(i) ? "1" : "0";
    return out;
  }
  function vendors(ids) {
    const max = ids.length ? Math.max(...ids) : 0;
    return bits(max, 16) + "0" + field(ids, max);
  }
  const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  function encode(o) {
    const now = Math.round(Date.now() / 100);
    let s = bits(2, 6) + bits(now, 36) + bits(now, 36) + bits(o.cmpId, 12) +
      bits(o.cmpVersion || 1, 12) + bits(1, 6) + letters(o.language || "EN") +
      bits(o.vendorListVersion || 150, 12) + bits(5, 6) + "0" + "0" +
      field(o.specialFeatures || [], 12) + field(o.purposes || [], 24) +
      field(o.legitimate || [], 24) + "0" + letters(o.publisherCC || "AA") +
      vendors(o.vendors || []) + vendors(o.legitimateVendors || []) + bits(0, 12);
    while (s.length % 6) s += "0";
    let out = "";
    for (let i = 0; i < s.length; i += 6) out += B64[parseInt(s.slice(i, i + 6), 2)];
    return out;
  }
  function decode(tc) {
    const core = (tc || "").split(".")[0];
    let s = "";
    for (const ch of core) {
      const v = B64.indexOf(ch);
      if (v < 0) return null;
      s += bits(v, 6);
    }
    if (s.length < 213 || parseInt(s.slice(0, 6), 2) !== 2) return null;
    const ids = (from, n) => {
      const out = [];
      for (let i = 0; i < n; i++) if (s[from + i] === "1") out.push(i + 1);
      return out;
    };
    const maxVendor = parseInt(s.slice(213, 229), 2);
    return {cmpId: parseInt(s.slice(78, 90), 2), specialFeatures: ids(140, 12),
            purposes: ids(152, 24), legitimate: ids(176, 24), vendors: ids(230, maxVendor)};
  }
  // getTCData's answer, from a stored string (or none: the UI is shown, nothing consented)
  function tcData(tc, cmpId, eventStatus) {
    const d = decode(tc) || {purposes: [], legitimate: [], vendors: [], specialFeatures: []};
    const map = (list, n) => Object.fromEntries(Array.from({length: n}, (_, i) => [i + 1, list.includes(i + 1)]));
    return {tcString: tc || "", tcfPolicyVersion: 5, cmpId, cmpStatus: "loaded",
            gdprApplies: true, eventStatus, isServiceSpecific: true, useNonStandardTexts: false,
            publisherCC: "AA", purposeOneTreatment: false,
            purpose: {consents: map(d.purposes, 11), legitimateInterests: map(d.legitimate, 11)},
            vendor: {consents: Object.fromEntries(d.vendors.map(v => [v, true])), legitimateInterests: {}},
            specialFeatureOptins: map(d.specialFeatures, 2), publisher: {consents: {}, legitimateInterests: {}}};
  }
  return {encode, decode, tcData};
})();
