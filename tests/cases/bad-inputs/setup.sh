# hostile tree: FIFO, device node, symlink out of the root, empty file,
# non-UTF-8 file name, a 1 GiB text file of one line
mkfifo requirements-fifo.txt
mknod null-device c 1 3
ln -s /etc/passwd requirements-passwd.txt
ln -s /nonexistent/x dangling
: > requirements-empty.txt
printf 'flask\n' > "$(printf 'requirements-\377.txt')"
head -c 1073741824 /dev/zero | tr '\0' a > requirements-huge.txt
