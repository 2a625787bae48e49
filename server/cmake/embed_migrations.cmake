# Writes a C++ source holding every server/migrations/NNN_name.sql as a string literal, so the
# binary migrates any database without the source tree next to it.
file(GLOB files "${MIGRATIONS_DIR}/*.sql")
list(SORT files)
set(body "#include \"core/db/migrations.hpp\"\n\nnamespace kaowu::db {\n\nconst std::vector<Migration>& embedded_migrations() {\n  static const std::vector<Migration> all = {\n")
foreach(f ${files})
  get_filename_component(name "${f}" NAME_WE)
  string(REGEX MATCH "^[0-9]+" version "${name}")
  math(EXPR version "${version} + 0")  # "008" would be an octal literal
  file(READ "${f}" sql)
  string(APPEND body "    {${version}, \"${name}\", R\"kaowu_sql(${sql})kaowu_sql\"},\n")
endforeach()
string(APPEND body "  };\n  return all;\n}\n\n}  // namespace kaowu::db\n")
file(WRITE "${OUTPUT}.tmp" "${body}")
execute_process(COMMAND ${CMAKE_COMMAND} -E copy_if_different "${OUTPUT}.tmp" "${OUTPUT}")
