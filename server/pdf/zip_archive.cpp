#include "server/pdf/zip_archive.h"

#include <memory>

#include <zip.h>

namespace soundings::server::pdf {

namespace {

struct SourceDeleter {
  void operator()(zip_source_t* source) const { zip_source_free(source); }
};
using Source = std::unique_ptr<zip_source_t, SourceDeleter>;

struct ArchiveDeleter {
  void operator()(zip_t* archive) const { zip_discard(archive); }
};
using Archive = std::unique_ptr<zip_t, ArchiveDeleter>;

std::string ErrorText(zip_error_t* error) {
  std::string text = zip_error_strerror(error);
  zip_error_fini(error);
  return text;
}

}  // namespace

Result<std::string> ZipArchive(const std::vector<ZipEntry>& entries) {
  // libzip writes nothing at all for an archive without entries.
  if (entries.empty()) return Problem{"", "a ZIP archive needs at least one file"};
  zip_error_t error;
  zip_error_init(&error);
  Source buffer(zip_source_buffer_create(nullptr, 0, 0, &error));
  if (!buffer) return Problem{"", "cannot start a ZIP archive: " + ErrorText(&error)};
  Archive archive(zip_open_from_source(buffer.get(), ZIP_TRUNCATE, &error));
  if (!archive) return Problem{"", "cannot start a ZIP archive: " + ErrorText(&error)};
  // The archive now owns one reference to the buffer; keep ours to read the bytes after close.
  zip_source_keep(buffer.get());

  for (const auto& entry : entries) {
    // The entry's bytes are read at zip_close, while `entries` is still alive: no copy.
    zip_source_t* data = zip_source_buffer(archive.get(), entry.data.data(), entry.data.size(), 0);
    if (data == nullptr) {
      return Problem{entry.name,
                     std::string("cannot add to the ZIP archive: ") + zip_strerror(archive.get())};
    }
    const zip_int64_t index =
        zip_file_add(archive.get(), entry.name.c_str(), data, ZIP_FL_ENC_UTF_8);
    if (index < 0) {
      zip_source_free(data);
      return Problem{entry.name,
                     std::string("cannot add to the ZIP archive: ") + zip_strerror(archive.get())};
    }
    zip_set_file_compression(archive.get(), static_cast<zip_uint64_t>(index), ZIP_CM_DEFLATE, 0);
  }
  if (zip_close(archive.get()) != 0) {
    return Problem{"", std::string("cannot write the ZIP archive: ") + zip_strerror(archive.get())};
  }
  [[maybe_unused]] zip_t* freed_by_close = archive.release();

  if (zip_source_open(buffer.get()) != 0) {
    return Problem{"", "cannot read the ZIP archive back: " +
                           std::string(zip_error_strerror(zip_source_error(buffer.get())))};
  }
  std::string bytes;
  char chunk[64 * 1024];
  for (;;) {
    const zip_int64_t read = zip_source_read(buffer.get(), chunk, sizeof chunk);
    if (read < 0) {
      zip_source_close(buffer.get());
      return Problem{"", "cannot read the ZIP archive back: " +
                             std::string(zip_error_strerror(zip_source_error(buffer.get())))};
    }
    if (read == 0) break;
    bytes.append(chunk, static_cast<std::size_t>(read));
  }
  zip_source_close(buffer.get());
  return bytes;
}

}  // namespace soundings::server::pdf
