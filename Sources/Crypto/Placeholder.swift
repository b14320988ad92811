// Crypto: placeholder, replaced by the Crypto implementation.
