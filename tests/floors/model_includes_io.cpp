// Must not compile: model (floor 1) including a public header of io (floor 4). The test
// floors.wrong_public_include_refused builds this file and expects the compiler to refuse it.
#include "jigu/workspace.hpp"
