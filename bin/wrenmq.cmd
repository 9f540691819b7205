@echo off
rem WrenMQ launcher (Windows). Usage: bin\wrenmq start|stop|version [options]; bin\wrenmq --help
rem WRENMQ_HOME is the directory above this script. The jar is taken from lib\ (distribution) or
rem wrenmq-server\target\ (a built source checkout). WRENMQ_JAVA_OPTS replaces the default JVM flags;
rem JAVA_HOME picks the Java (17+) to use.
setlocal EnableDelayedExpansion

for %%i in ("%~dp0..") do set "WRENMQ_HOME=%%~fi"

set "JAVA=java"
if defined JAVA_HOME if exist "%JAVA_HOME%\bin\java.exe" set "JAVA=%JAVA_HOME%\bin\java.exe"
where "%JAVA%" >nul 2>nul
if errorlevel 1 if not exist "%JAVA%" (
  echo wrenmq: no Java found; install Java 17 or newer, or set JAVA_HOME 1>&2
  exit /b 1
)

set "CP="
if exist "%WRENMQ_HOME%\lib\wrenmq-server-*.jar" (
  set "CP=%WRENMQ_HOME%\lib\*"
) else (
  for %%f in ("%WRENMQ_HOME%\wrenmq-server\target\wrenmq-server-*.jar") do (
    set "NAME=%%~nf"
    if /i not "!NAME:~-8!"=="-sources" if /i not "!NAME:~-6!"=="-tests" if /i not "!NAME:~-8!"=="-javadoc" set "CP=%%~ff"
  )
)
rem In a checkout the jar's manifest Class-Path names its dependencies in target\lib (stale jars there are not used).
if not defined CP (
  echo wrenmq: no wrenmq-server jar under %WRENMQ_HOME%\lib or %WRENMQ_HOME%\wrenmq-server\target; 1>&2
  echo         build it first: mvn -B package -DskipTests 1>&2
  exit /b 1
)

rem Default JVM flags for a small edge broker (reasons in bin/wrenmq): one-thread serial GC, smaller
rem thread stacks, heap capped at 35%% of memory (Netty's direct buffers get the same cap), and exit on
rem OutOfMemoryError so the service manager restarts a broker in an unknown state.
rem WRENMQ_JAVA_OPTS replaces them rather than appending, since two GC choices would make the JVM refuse to start.
set "JAVA_OPTS=-XX:+UseSerialGC -Xss512k -Xms16m -Xmn8m -XX:MaxRAMPercentage=35 -XX:+ExitOnOutOfMemoryError"
if defined WRENMQ_JAVA_OPTS set "JAVA_OPTS=%WRENMQ_JAVA_OPTS%"

"%JAVA%" %JAVA_OPTS% "-Dwrenmq.home=%WRENMQ_HOME%" -cp "%CP%" io.wrenmq.server.cli.WrenmqCommand %*
exit /b %ERRORLEVEL%
