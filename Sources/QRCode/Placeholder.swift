// QRCode: placeholder, replaced by the QRCode implementation.
