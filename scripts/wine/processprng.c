/*
 * For tests under Wine only; never shipped in a release.
 *
 * Rust's standard library (1.78 and later) gets its random numbers on Windows from
 * ProcessPrng in bcryptprimitives.dll, present since Windows 10. Wine 8 (Debian 12) has that
 * DLL without the function, so any Rust program stops at start-up under it. This stub DLL,
 * put beside the .exe by scripts/windows-check.sh, exports ProcessPrng and fills the buffer from
 * BCryptGenRandom with the system's preferred generator, which Wine has. Real Windows never
 * sees it.
 *
 * Built with: x86_64-w64-mingw32-gcc -shared -O2 -o bcryptprimitives.dll processprng.c -lbcrypt
 */
#include <windows.h>
#include <bcrypt.h>

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len)
{
    while (len > 0) {
        ULONG chunk = len > 0x40000000 ? 0x40000000 : (ULONG)len;
        if (BCryptGenRandom(NULL, data, chunk, BCRYPT_USE_SYSTEM_PREFERRED_RNG) != 0)
            return FALSE;
        data += chunk;
        len -= chunk;
    }
    return TRUE;
}
