//! Photo preparation: decode with limits, orient, strip metadata, resize, encode, hash.
