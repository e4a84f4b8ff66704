// Global Privacy Control as a GPC browser exposes it, before any page script runs.
Object.defineProperty(Navigator.prototype, 'globalPrivacyControl',
  {get: () => true, configurable: true, enumerable: true});
