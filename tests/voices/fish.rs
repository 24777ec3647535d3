//! Fish Audio voices (filled in below).
