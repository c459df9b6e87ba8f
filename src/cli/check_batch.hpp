// The applications file of `jigu check --batch`: RFC 4180 CSV in UTF-8 (a BOM, CRLF and quoted
// line breaks allowed), a header naming the columns, one planned activity on one site a row.
#pragma once

#include <string>
#include <vector>

#include "cli/site_options.hpp"
#include "jigu/check.hpp"
#include "jigu/error.hpp"

namespace jigu::cli {

/// One row of the file: the line its record starts on, its id, site and planned activity.
struct Application {
  int line = 0;
  std::string id;
  SiteFlags site;
  PlannedActivity activity;
};

/// The columns the file may have, in the order `check --help` lists them.
extern const std::vector<std::string> kBatchColumns;

/// An error about the application at `where` ("'file' line N") as the batch words it: a bad
/// activity value names its column ("<where>: column 'floor_area': …"), else "<where>: <what>".
std::string application_error(const std::string& where, const Error& e);

/// Reads the applications file. Throws InputError naming the file and line for anything that is
/// not a well-formed application: not UTF-8, a NUL byte, an unclosed quote, a field over 1 MiB,
/// an unknown or repeated column, a row with the wrong field count, no or several sites, a
/// value that is not a number.
std::vector<Application> read_applications(const std::string& path);

}  // namespace jigu::cli
