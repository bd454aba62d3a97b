"""The numpy array types the audit's stages hand each other, named once for their type hints.

Each alias names an element type (`I8`: int8, `U64`: uint64…; `Ints` are int64, the audit's
instants and counts); what the values mean is said where they are declared. numpy alone, as the
business calendar must stay.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

Ints = npt.NDArray[np.int64]  # instants (MISSING for none), seconds, row numbers, counts
I32 = npt.NDArray[np.int32]
I16 = npt.NDArray[np.int16]
I8 = npt.NDArray[np.int8]  # small codes: a time's status, a priority, a reason
Indices = npt.NDArray[np.intp]  # positions into another array, in numpy's own index type
U64 = npt.NDArray[np.uint64]  # fingerprint keys, Bloom filter words
U32 = npt.NDArray[np.uint32]
Bytes = npt.NDArray[np.uint8]
Bools = npt.NDArray[np.bool_]
