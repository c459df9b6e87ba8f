// What a call throws, as text, so that a test can compare a whole error message.
#pragma once

#include <string>

namespace jigu::test {

/// The message of the `E` that `f()` throws, or "(no error)" when it returns; another exception
/// type passes through and fails the test.
template <class E, class F>
std::string thrown(F&& f) {
  try {
    f();
  } catch (const E& e) {
    return e.what();
  }
  return "(no error)";
}

}  // namespace jigu::test
