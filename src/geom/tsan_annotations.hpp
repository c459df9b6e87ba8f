// Happens-before edges ThreadSanitizer cannot see for itself. oneTBB hands pipeline batches,
// serial stage turns and thread-local workers from thread to thread inside libtbb, which
// Debian does not build with -fsanitize=thread; without these marks a TSan build of jigu
// reports every such hand-over as a race and hides the real ones. In other builds they are
// empty inline functions.
#pragma once

#if defined(__SANITIZE_THREAD__)
#define JIGU_THREAD_SANITIZER 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define JIGU_THREAD_SANITIZER 1
#endif
#endif

#ifdef JIGU_THREAD_SANITIZER
extern "C" void __tsan_acquire(void* addr);
extern "C" void __tsan_release(void* addr);
#endif

namespace jigu::geom {

/// Everything this thread wrote so far is visible to a thread that then calls taken_over(what).
inline void handed_over([[maybe_unused]] const void* what) {
#ifdef JIGU_THREAD_SANITIZER
  __tsan_release(const_cast<void*>(what));
#endif
}

/// Sees what the threads that called handed_over(what) before wrote.
inline void taken_over([[maybe_unused]] const void* what) {
#ifdef JIGU_THREAD_SANITIZER
  __tsan_acquire(const_cast<void*>(what));
#endif
}

}  // namespace jigu::geom
