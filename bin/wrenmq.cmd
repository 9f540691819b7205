@echo off
rem WrenMQ launcher (Windows). Usage: bin\wrenmq start|stop|version [options]; bin\wrenmq --help
rem WRENMQ_HOME is the directory above this script. The jar is taken from lib\ (distribution) or
rem wrenmq-server\target\ (a built source checkout). Java: the image's own runtime (%WRENMQ_HOME%\runtime, the
rem jlink image), else JAVA_HOME, else java on the PATH. WRENMQ_JAVA_OPTS replaces the default JVM flags.
rem Paths with spaces or parentheses ("Program Files (x86)") work: paths are quoted and read with !delayed!
rem expansion inside blocks; a path containing "!" does not.
setlocal EnableDelayedExpansion

for %%i in ("%~dp0..") do set "WRENMQ_HOME=%%~fi"

set "JAVA="
set "JAVA_DIR="
if exist "!WRENMQ_HOME!\runtime\bin\java.exe" (
  set "JAVA_DIR=!WRENMQ_HOME!\runtime"
) else if defined JAVA_HOME if exist "!JAVA_HOME!\bin\java.exe" (
  set "JAVA_DIR=!JAVA_HOME!"
)
if defined JAVA_DIR (
  set "JAVA=!JAVA_DIR!\bin\java.exe"
) else (
  for %%j in (java.exe) do set "JAVA=%%~$PATH:j"
  if defined JAVA for %%j in ("!JAVA!\..\..") do set "JAVA_DIR=%%~fj"
)
if not defined JAVA (
  echo wrenmq: no Java found; install Java 17 or newer, or set JAVA_HOME 1>&2
  exit /b 1
)

rem The Java's feature version (17, 21, 25...) from its `release` file, read without starting a JVM; 0 = unknown
rem (e.g. the java.exe shim Oracle's installer puts on the PATH, which has no release file next to it).
set "JAVA_FEATURE=0"
if exist "!JAVA_DIR!\release" (
  for /f "usebackq tokens=2 delims==" %%v in (`findstr /b "JAVA_VERSION=" "!JAVA_DIR!\release"`) do (
    for /f "tokens=1 delims=." %%m in (%%v) do set "JAVA_FEATURE=%%m"
  )
)

set "CP="
if exist "!WRENMQ_HOME!\lib\wrenmq-server-*.jar" (
  rem lib\* expands in NTFS name order, always the same, so the CDS archive's class path matches.
  set "CP=!WRENMQ_HOME!\lib\*"
) else (
  for %%f in ("!WRENMQ_HOME!\wrenmq-server\target\wrenmq-server-*.jar") do (
    set "NAME=%%~nf"
    if /i not "!NAME:~-8!"=="-sources" if /i not "!NAME:~-6!"=="-tests" if /i not "!NAME:~-8!"=="-javadoc" set "CP=%%~ff"
  )
)
rem In a checkout the jar's manifest Class-Path names its dependencies in target\lib (stale jars there are not used).
if not defined CP (
  echo wrenmq: no wrenmq-server jar under !WRENMQ_HOME!\lib or !WRENMQ_HOME!\wrenmq-server\target; 1>&2
  echo         build it first: mvn -B package -DskipTests 1>&2
  exit /b 1
)

rem Default JVM flags for a small edge broker (reasons in bin/wrenmq): one-thread serial GC, smaller
rem thread stacks, a small young generation, heap capped at 35%% of memory (Netty's direct buffers get the same
rem cap), exit on OutOfMemoryError so the service manager restarts a broker in an unknown state, a 48 MB code
rem cache instead of 240 MB, and on JDK 24+ compact object headers (8-byte headers; experimental on 24) and
rem native access for Netty and SQLite (no "restricted method" warning at start).
rem WRENMQ_JAVA_OPTS replaces them rather than appending, since two GC choices would make the JVM refuse to start.
set "JAVA_OPTS=-XX:+UseSerialGC -Xss512k -Xms16m -Xmn8m -XX:MaxRAMPercentage=35 -XX:+ExitOnOutOfMemoryError -XX:ReservedCodeCacheSize=48m"
if !JAVA_FEATURE! GEQ 25 (
  set "JAVA_OPTS=!JAVA_OPTS! -XX:+UseCompactObjectHeaders --enable-native-access=ALL-UNNAMED"
) else if !JAVA_FEATURE! EQU 24 (
  set "JAVA_OPTS=!JAVA_OPTS! -XX:+UnlockExperimentalVMOptions -XX:+UseCompactObjectHeaders --enable-native-access=ALL-UNNAMED"
)
if defined WRENMQ_JAVA_OPTS set "JAVA_OPTS=!WRENMQ_JAVA_OPTS!"

rem Class-data sharing (reasons in bin/wrenmq): the image's AOT cache (Java 25+, wrenmq.aot) or CDS archive
rem (wrenmq.jsa) of the broker's classes, used only with the image's own runtime; -Xlog:...=off silences the
rem warning of a JVM that cannot use it. WRENMQ_CDS_DUMP=<file> is the build's training run (.aot: an AOT cache).
set "CDS_ARCHIVE="
set "CDS_FLAGS="
set "IMAGE_JAVA="
if /i "!JAVA!"=="!WRENMQ_HOME!\runtime\bin\java.exe" set "IMAGE_JAVA=1"
if defined WRENMQ_CDS_DUMP (
  if /i "!WRENMQ_CDS_DUMP:~-4!"==".aot" (
    set "CDS_ARCHIVE=-XX:AOTCacheOutput=!WRENMQ_CDS_DUMP!"
  ) else (
    set "CDS_ARCHIVE=-XX:ArchiveClassesAtExit=!WRENMQ_CDS_DUMP!"
  )
) else if defined IMAGE_JAVA if exist "!WRENMQ_HOME!\runtime\lib\wrenmq.aot" (
  set "CDS_ARCHIVE=-XX:AOTCache=!WRENMQ_HOME!\runtime\lib\wrenmq.aot"
  set "CDS_FLAGS=-Xlog:aot*=off -Xlog:cds*=off"
) else if defined IMAGE_JAVA if exist "!WRENMQ_HOME!\runtime\lib\wrenmq.jsa" (
  set "CDS_ARCHIVE=-XX:SharedArchiveFile=!WRENMQ_HOME!\runtime\lib\wrenmq.jsa"
  set "CDS_FLAGS=-Xshare:auto -Xlog:cds*=off"
)

rem %* stays outside ( ) blocks: an argument with a parenthesis would end the block.
if not defined CDS_ARCHIVE goto run
"!JAVA!" "!CDS_ARCHIVE!" !CDS_FLAGS! !JAVA_OPTS! "-Dwrenmq.home=!WRENMQ_HOME!" -cp "!CP!" io.wrenmq.server.cli.WrenmqCommand %*
exit /b !ERRORLEVEL!
:run
"!JAVA!" !JAVA_OPTS! "-Dwrenmq.home=!WRENMQ_HOME!" -cp "!CP!" io.wrenmq.server.cli.WrenmqCommand %*
exit /b !ERRORLEVEL!
