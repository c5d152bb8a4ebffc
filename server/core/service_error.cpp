#include "server/core/service_error.h"

#include <iostream>

namespace soundings::server {

ServiceError StorageError(const db::DbError& error) {
  if (error.Busy()) {
    return {ErrorKind::kUnavailable,
            "busy",
            "The server is busy writing other data; try again in a few seconds.",
            {}};
  }
  if (error.DiskFull()) {
    std::cerr << "soundings-server: the disk is full: " << error.message << "\n";
    return {ErrorKind::kUnavailable,
            "storage_full",
            "The server's disk is full, so nothing was stored; keep the data and try again "
            "later. The administrator has been told in the server log.",
            {}};
  }
  std::cerr << "soundings-server: storage error " << error.code << ": " << error.message << "\n";
  return {ErrorKind::kInternal,
          "storage_error",
          "The server could not read or write its database; the administrator can find the "
          "details in the server log.",
          {}};
}

}  // namespace soundings::server
