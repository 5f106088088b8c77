/*
 * For tests under Wine only; never shipped in a release.
 *
 * Holds a folder open the way a command window or File Explorer standing in it does on Windows
 * (a handle without delete sharing), for the given number of seconds, so that
 * scripts/windows-check.sh can build while `public\` is held. Prints "held" once it is.
 * (Wine, unlike Windows, lets a folder be renamed while a file inside it is open, so holding a
 * file would prove nothing there; holding the folder itself is refused alike by both.)
 *
 * Built with: x86_64-w64-mingw32-gcc -O2 -o holdfolder.exe holdfolder.c
 * Run as:     holdfolder.exe FOLDER SECONDS
 */
#include <windows.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: holdfolder FOLDER SECONDS\n");
        return 2;
    }
    HANDLE h = CreateFileA(argv[1], GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE, NULL,
                           OPEN_EXISTING, FILE_FLAG_BACKUP_SEMANTICS, NULL);
    if (h == INVALID_HANDLE_VALUE) {
        fprintf(stderr, "cannot open %s: error %lu\n", argv[1], GetLastError());
        return 1;
    }
    printf("held\n");
    fflush(stdout);
    Sleep((DWORD)atoi(argv[2]) * 1000);
    CloseHandle(h);
    return 0;
}
