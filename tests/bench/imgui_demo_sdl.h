// Force-included (-include) into Dear ImGui 1.86's own emscripten example when tests/bench/startup.py
// builds it as the peer Kolo's first frame is measured against. The example asks SDL_Init for
// SDL_INIT_GAMECONTROLLER, and the SDL2 both pages link (serve.py's ensure_sdl_wasm) is built
// without joystick support, so SDL_Init would fail and the example would draw nothing. Asking
// for no game controller is the only change; the example's source is compiled as shipped.
#pragma once
#include <SDL.h>
#undef SDL_INIT_GAMECONTROLLER
#define SDL_INIT_GAMECONTROLLER 0u
