# The SQLite results store: round trips, listing, and a writer killed mid-run; its files: set-up, migrations,
# refused files, unwritable places.
add_executable(store_writer store_writer.cpp)
target_link_libraries(store_writer PRIVATE cnn_core)

cnn_add_test(test_store SOURCES test_store.cpp LIBS SQLite::SQLite3)
cnn_add_test(test_store_files SOURCES test_store_files.cpp LIBS SQLite::SQLite3)
add_dependencies(test_store store_writer)
target_compile_definitions(test_store PRIVATE STORE_WRITER_PATH="$<TARGET_FILE:store_writer>")
