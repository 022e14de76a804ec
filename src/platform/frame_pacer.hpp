// When the page draws. An idle dashboard must draw nothing and cost no CPU, yet a frame must
// follow every input, a caret must blink, a view that animates must get every frame while it
// moves, and the loop must wake by itself when an autosave is due. The platform's loop
// (web_main.cpp) asks this class on each tick whether to draw now or to sleep until when; it
// has no emscripten in it, so its rules are tested natively (tests/unit/test_frame_pacer.cpp).
//
// Times are seconds on one monotonic clock. "Sleep" means the platform stops its loop; it is
// started again by input (wake) or by a timer set for next_wake().
#pragma once
#include <algorithm>

namespace kolo {

class FramePacer {
 public:
  // ImGui settles hover and active state over a few frames after an input.
  static constexpr int kFramesAfterInput = 3;
  // While a text field has the keyboard, its caret blinks: one frame this often.
  static constexpr double kCaretBlinkSeconds = 0.5;

  // Something may have changed what is shown (input, a resize, a storage or file callback):
  // draw `frames` frames from now on.
  void wake(int frames = kFramesAfterInput) { pending_ = std::max(pending_, frames); }

  // Asked on each tick of the loop: draw a frame now? A yes counts that frame as drawn.
  bool should_draw(double now) {
    const bool timed = timed_at_ >= 0 && now >= timed_at_;
    if (pending_ == 0 && !animating_ && !timed) return false;
    if (pending_ > 0) --pending_;
    if (timed) timed_at_ = -1;
    return true;
  }

  // What the frame just drawn asked for: `animating`, more frames at once (something moves);
  // `frame_at`, one frame at that time (-1: none); `text_input`, a focused text field whose
  // caret blinks.
  void drawn(double now, bool animating, double frame_at, bool text_input) {
    animating_ = animating;
    timed_at_ = frame_at;
    if (text_input && (timed_at_ < 0 || now + kCaretBlinkSeconds < timed_at_)) timed_at_ = now + kCaretBlinkSeconds;
  }

  // Nothing to draw: when should the sleeping loop wake by itself? The sooner of the next
  // timed frame and `other` (e.g. when an autosave falls due; -1 for none). -1: only input
  // wakes it.
  double next_wake(double other = -1) const {
    if (pending_ > 0 || animating_) return 0;  // not asleep: the next tick draws
    if (timed_at_ < 0) return other;
    if (other < 0) return timed_at_;
    return std::min(timed_at_, other);
  }

  bool animating() const { return animating_; }

 private:
  int pending_ = kFramesAfterInput;  // the first frames of the page
  bool animating_ = false;
  double timed_at_ = -1;
};

}  // namespace kolo
