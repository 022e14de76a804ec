// The one list of the dashboard's views (defined in views.cpp): it drives the navigation bar,
// the view codes the settings accept, the list the tests walk and the state they read.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "ui/view.hpp"

namespace kolo::ui {

// A fresh object of every view, in the order of the navigation bar.
std::vector<std::unique_ptr<View>> make_views();

// The codes of the views offered with the user's own data, in the same order ("dashboard",
// "partners", ...): the tabs, the views settings remember. Views only a shared board offers
// (View::Mode::board) are not among them.
const std::vector<std::string>& view_codes();

}  // namespace kolo::ui
