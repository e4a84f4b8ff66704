// What the bot-wall heuristic and the text checks read: text, size of the DOM, HTML.
() => {
  const body = document.body;
  return {
    text: body ? body.innerText.slice(0, 1000000) : '',  // MAX_TEXT
    elements: body ? body.getElementsByTagName('*').length : 0,
    html: (document.documentElement ? document.documentElement.outerHTML : '').slice(0, 200000),
  };
}
