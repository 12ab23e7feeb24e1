"""Moving rendered files into the destination, all at once or not at all."""
