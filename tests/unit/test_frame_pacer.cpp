// When the page draws (src/platform/frame_pacer.hpp): a few frames after input, every frame
// while a view animates, nothing once it stops, a caret blink, and waking by itself when a
// save or a view's timed frame falls due.
#include <doctest/doctest.h>

#include "platform/frame_pacer.hpp"

using kolo::FramePacer;

namespace {
// Runs the loop's ticks from `now` on, one per 1/60 s, as long as the pacer draws (at most
// `limit`); each drawn frame reports `animating`. Returns how many frames were drawn.
int draw_while_asked(FramePacer& pacer, double* now, bool animating = false, int limit = 1000) {
  int drawn = 0;
  while (drawn < limit && pacer.should_draw(*now)) {
    pacer.drawn(*now, animating, -1, false);
    ++drawn;
    *now += 1.0 / 60;
  }
  return drawn;
}
}  // namespace

TEST_CASE("input draws a few frames, then the page sleeps until the next input") {
  FramePacer pacer;
  double now = 10;
  CHECK(draw_while_asked(pacer, &now) == FramePacer::kFramesAfterInput);  // the first frames of the page
  CHECK_FALSE(pacer.should_draw(now + 30));
  CHECK(pacer.next_wake() == -1);  // nothing but input wakes it
  pacer.wake();
  CHECK(draw_while_asked(pacer, &now) == FramePacer::kFramesAfterInput);
  CHECK_FALSE(pacer.should_draw(now));
}

TEST_CASE("a view that asks for frames gets every frame while it moves, and none once it stops") {
  FramePacer pacer;
  double now = 0;
  draw_while_asked(pacer, &now);
  pacer.wake();  // the click that starts the animation
  CHECK(draw_while_asked(pacer, &now, /*animating=*/true, 200) == 200);
  CHECK(pacer.animating());
  CHECK(pacer.next_wake(-1) == 0);  // not asleep
  // The frame in which it settles no longer asks: that frame is the last one.
  REQUIRE(pacer.should_draw(now));
  pacer.drawn(now, false, -1, false);
  now += 1.0 / 60;
  CHECK_FALSE(pacer.should_draw(now));
  CHECK_FALSE(pacer.should_draw(now + 5));
  CHECK(pacer.next_wake() == -1);
}

TEST_CASE("a focused text field redraws for its caret twice a second, and not in between") {
  FramePacer pacer;
  double now = 0;
  draw_while_asked(pacer, &now);
  pacer.wake();
  REQUIRE(pacer.should_draw(now));
  pacer.drawn(now, false, -1, /*text_input=*/true);
  // The frames after the input still come.
  while (pacer.should_draw(now)) pacer.drawn(now, false, -1, true);
  const double blink = now + FramePacer::kCaretBlinkSeconds;
  CHECK(pacer.next_wake() == doctest::Approx(blink));
  CHECK_FALSE(pacer.should_draw(blink - 0.1));
  REQUIRE(pacer.should_draw(blink));
  pacer.drawn(blink, false, -1, true);
  CHECK_FALSE(pacer.should_draw(blink + 0.01));
  CHECK(pacer.next_wake() == doctest::Approx(blink + FramePacer::kCaretBlinkSeconds));
  // The field loses the keyboard: no more blinking.
  REQUIRE(pacer.should_draw(blink + FramePacer::kCaretBlinkSeconds));
  pacer.drawn(blink + FramePacer::kCaretBlinkSeconds, false, -1, false);
  CHECK(pacer.next_wake() == -1);
}

TEST_CASE("the sleeping page wakes by itself for a save that falls due or a frame a view asked for") {
  FramePacer pacer;
  double now = 0;
  draw_while_asked(pacer, &now);
  // An unsaved change is due for its write at 0.25 s from now: a tick then, but no frame.
  CHECK(pacer.next_wake(now + 0.25) == doctest::Approx(now + 0.25));
  CHECK_FALSE(pacer.should_draw(now + 0.25));
  // A view asks for one frame at t = 3 (say, when a message should fade).
  pacer.wake(1);
  REQUIRE(pacer.should_draw(now));
  pacer.drawn(now, false, 3.0, false);
  CHECK(pacer.next_wake() == doctest::Approx(3.0));
  CHECK(pacer.next_wake(2.0) == doctest::Approx(2.0));  // the sooner of the two
  CHECK(pacer.next_wake(4.0) == doctest::Approx(3.0));
  CHECK_FALSE(pacer.should_draw(2.9));
  CHECK(pacer.should_draw(3.0));
  pacer.drawn(3.0, false, -1, false);
  CHECK_FALSE(pacer.should_draw(3.5));
  CHECK(pacer.next_wake() == -1);
}

TEST_CASE("input during a timed wait still draws at once") {
  FramePacer pacer;
  double now = 0;
  draw_while_asked(pacer, &now);
  pacer.wake(1);
  REQUIRE(pacer.should_draw(now));
  pacer.drawn(now, false, 10.0, false);
  pacer.wake();
  CHECK(pacer.should_draw(now + 0.1));
  CHECK(pacer.next_wake() == 0);  // more frames pending
}
