"""The numpy array types the audit's stages hand each other, named once for their type hints.

Each alias names an element type; what the values mean (instants, row numbers, codes, keys) is
said where they are declared. numpy alone, as the business calendar must stay.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

Ints = npt.NDArray[np.int64]  # instants (MISSING for none), seconds, row numbers, counts
Int32s = npt.NDArray[np.int32]
Int16s = npt.NDArray[np.int16]
Int8s = npt.NDArray[np.int8]  # small codes: a time's status, a priority, a reason
Indices = npt.NDArray[np.intp]  # positions into another array, in numpy's own index type
U64s = npt.NDArray[np.uint64]  # fingerprint keys, Bloom filter words
U32s = npt.NDArray[np.uint32]
Bytes = npt.NDArray[np.uint8]
Bools = npt.NDArray[np.bool_]
