// For the tests that hand a file Kolo wrote to an independent reader (a Python script with a
// Debian parser): runs a shell command, returning its exit status and everything it printed.
#pragma once
#include <sys/wait.h>

#include <cstdio>
#include <string>

namespace kolo::test {

inline int run_command(const std::string& command, std::string* output) {
  FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  if (!pipe) return -1;
  char buf[4096];
  for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, pipe)) > 0;) output->append(buf, n);
  const int status = pclose(pipe);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

}  // namespace kolo::test
