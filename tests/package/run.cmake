# Installs jigu's library from the build tree into a fresh prefix, builds tests/package against
# it with find_package(jigu) and runs the result. -DBUILD_DIR, -DWORK_DIR, -DSOURCE_DIR, and
# -DCONSUMER_FLAGS for the compiler and linker (the sanitizer the archives were built with).
file(REMOVE_RECURSE ${WORK_DIR})
execute_process(COMMAND ${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix ${WORK_DIR}/prefix
                        --component library
                RESULT_VARIABLE rc)
if(rc)
  message(FATAL_ERROR "cmake --install failed")
endif()
foreach(path include/jigu/locate.hpp lib/cmake/jigu/jiguConfig.cmake
             lib/cmake/jigu/jiguConfigVersion.cmake)
  if(NOT EXISTS ${WORK_DIR}/prefix/${path})
    message(FATAL_ERROR "the installed tree has no ${path}")
  endif()
endforeach()
if(EXISTS ${WORK_DIR}/prefix/include/handles OR EXISTS ${WORK_DIR}/prefix/include/jigu/handles)
  message(FATAL_ERROR "the installed tree holds jigu's internal headers")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} -S ${SOURCE_DIR} -B ${WORK_DIR}/build -G Ninja
                        -DCMAKE_BUILD_TYPE=Release -DCMAKE_PREFIX_PATH=${WORK_DIR}/prefix
                        "-DCMAKE_CXX_FLAGS=${CONSUMER_FLAGS}"
                        "-DCMAKE_EXE_LINKER_FLAGS=${CONSUMER_FLAGS}"
                RESULT_VARIABLE rc)
if(rc)
  message(FATAL_ERROR "configuring the outside project failed")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} --build ${WORK_DIR}/build RESULT_VARIABLE rc)
if(rc)
  message(FATAL_ERROR "building the outside project failed")
endif()
execute_process(COMMAND ${WORK_DIR}/build/jigu_consumer RESULT_VARIABLE rc)
if(rc)
  message(FATAL_ERROR "jigu_consumer failed")
endif()
