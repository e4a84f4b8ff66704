// Do Not Track as a browser with DNT on exposes it, before any page script runs.
Object.defineProperty(Navigator.prototype, 'doNotTrack',
  {get: () => '1', configurable: true, enumerable: true});
