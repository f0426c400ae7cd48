#ifndef DINIT_CPUS_H
#define DINIT_CPUS_H

double	cpumax_parse(const char *);
int	cpus_available(void);
void	set_gomaxprocs(double);

#endif
