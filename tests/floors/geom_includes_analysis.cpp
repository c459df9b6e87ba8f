// Must not compile: geom (floor 3) including a header of analysis (floor 5). The test
// floors.wrong_include_refused builds this file and expects the compiler to refuse the include.
#include "analysis/site_parts.hpp"
