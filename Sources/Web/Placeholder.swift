// Web: placeholder, replaced by the Web implementation.
