/**
 * Reading the literal values of HCL files (variable blocks of a workspace, tfvars files) with hcl4j, to learn
 * which variables the configuration declares sensitive and which values they are given. Nothing is evaluated:
 * a function call, reference or data lookup reads as {@link dev.plumbline.hcl.HclFile#EXPRESSION}, so reading a
 * workspace's files can neither send a request nor read a file.
 */
package dev.plumbline.hcl;
