// App: placeholder, replaced by the App implementation.
