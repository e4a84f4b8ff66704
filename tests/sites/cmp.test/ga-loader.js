new Image().src = "https://www.google-analytics.com/g/collect?v=2&src=klaro";
