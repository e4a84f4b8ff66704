// Which of the given page globals (dotted paths such as "analytics._writeKey") exist: what
// gives an analytics or advertising SDK away. Reads only; never calls page code.
(paths) => paths.filter((path) => {
  try {
    let value = window;
    for (const key of path.split('.')) {
      if (value === null || value === undefined) return false;
      const holder = Object(value);
      if (!(key in holder)) return false;
      value = holder[key];
    }
    return value !== undefined && value !== null;
  } catch (e) {
    return false;
  }
})
