export { type AccessAllowedPeople, AccessProtectedHostnames, type AccessProtectedHostnamesProps } from './access-protected-hostnames';
