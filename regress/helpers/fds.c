/*
 * fds: print what a child inherited, one item a line:
 *	fds: 0 1 2
 *	SigBlk: 0000000000000000
 *	SigIgn: 0000000000000000
 * the open descriptors (not counting the one that lists them), then the
 * blocked and ignored signal sets as /proc/self/status shows them.
 */
#include <sys/types.h>

#include <dirent.h>
#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FDS_MAX	1024

static int
cmp(const void *a, const void *b)
{
	return *(const int *)a - *(const int *)b;
}

static void
print_fds(void)
{
	struct dirent	*de;
	DIR		*d;
	int		 fds[FDS_MAX], n = 0, i;

	if ((d = opendir("/proc/self/fd")) == NULL)
		err(1, "/proc/self/fd");
	while ((de = readdir(d)) != NULL && n < FDS_MAX)
		if (de->d_name[0] != '.' && atoi(de->d_name) != dirfd(d))
			fds[n++] = atoi(de->d_name);
	closedir(d);
	qsort(fds, n, sizeof(fds[0]), cmp);
	printf("fds:");
	for (i = 0; i < n; i++)
		printf(" %d", fds[i]);
	printf("\n");
}

static void
print_sigsets(void)
{
	char	 line[256], *v;
	FILE	*fp;

	if ((fp = fopen("/proc/self/status", "re")) == NULL)
		err(1, "/proc/self/status");
	while (fgets(line, sizeof(line), fp) != NULL) {
		if (strncmp(line, "SigBlk:", 7) != 0 &&
		    strncmp(line, "SigIgn:", 7) != 0)
			continue;
		v = line + 7 + strspn(line + 7, " \t");
		printf("%.7s %s", line, v);
	}
	fclose(fp);
}

int
main(void)
{
	print_fds();
	fflush(stdout);
	print_sigsets();
	return 0;
}
