"""What the API and the pages share about HTTP: who is asking, what they may see, the answer
cache, request parameters and the middleware. Neither the API nor the pages own it."""
